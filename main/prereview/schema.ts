// The shape of the service catalog, checked with zod on every load (from disk or from sync).
// Cross-references (lines, categories, material ids, rule fact paths) are checked in load.ts after
// the shape is known to be right.
import { z } from 'zod';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Every string a person reads exists in both languages; the schema refuses a missing one. */
export const localizedSchema = z.strictObject({
  'zh-CN': z.string().trim().min(1, 'Chinese (zh-CN) text is missing'),
  en: z.string().trim().min(1, 'English (en) text is missing'),
});
export type Localized = z.infer<typeof localizedSchema>;

const identifier = z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'must be a lower-case identifier (a-z, 0-9, -)');
/** Form field ids are read by rules as `form.<id>`, so no dots or dashes. */
const fieldIdentifier = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]*$/, 'must be a camelCase identifier (a-z, A-Z, 0-9)');

/** A JSON Logic rule; its operators and fact paths are checked by compileRule at load. */
const ruleSchema = z.unknown().refine((rule) => rule !== undefined, 'rule is missing');

export const FIELD_TYPES = [
  'text',
  'mobile',
  'uscc',
  'id-number',
  'date',
  'amount',
  'integer',
  'choice',
  'plate',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** What a field can take from the ID card, so the person never types it. */
export const CARD_SOURCES = [
  'name',
  'sex',
  'birthDate',
  'address',
  'idNumber',
  'nation',
  'nationality',
  'cardKind',
  'region',
  'validTo',
  'issuer',
] as const;
export type CardSource = (typeof CARD_SOURCES)[number];

const choiceSchema = z.strictObject({ value: z.string().min(1), label: localizedSchema });

export const formFieldSchema = z.strictObject({
  id: fieldIdentifier,
  label: localizedSchema,
  type: z.enum(FIELD_TYPES),
  required: z.boolean(),
  /** The field is shown and checked only while this rule holds. */
  when: ruleSchema.optional(),
  source: z.enum(CARD_SOURCES).optional(),
  hint: localizedSchema.optional(),
  choices: z.array(choiceSchema).min(2).optional(),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(1).max(500).optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  /** For dates: only past days (a birth date), only future days (a planned date), or any. */
  dateRange: z.enum(['past', 'future', 'any']).optional(),
  unit: localizedSchema.optional(),
});
export type FormField = z.infer<typeof formFieldSchema>;

export const materialSchema = z.strictObject({
  id: identifier,
  name: localizedSchema,
  description: localizedSchema,
  /** Relative to the catalog folder, e.g. images/power-of-attorney.svg. */
  example: z
    .string()
    .regex(/^images\/[a-z0-9-]+\.svg$/, 'must be images/<name>.svg')
    .optional(),
  /** Core materials cannot be missing, ever; non-core ones may be promised if the item allows it. */
  core: z.boolean(),
  /** Required only while this rule holds; without it, always required. */
  when: ruleSchema.optional(),
  whereToGet: localizedSchema,
  templateUrl: z
    .string()
    .regex(/^https:\/\/[^\s]+$/, 'must be an https:// address')
    .optional(),
  /** The ID card on the reader is this material: it counts as present without asking. */
  satisfiedByCard: z.boolean().optional(),
});
export type Material = z.infer<typeof materialSchema>;

export const eligibilityRuleSchema = z.strictObject({
  id: identifier,
  rule: ruleSchema,
  /** Shown and printed when the rule does not hold; may use {{fact.path}} placeholders. */
  message: localizedSchema,
  advice: localizedSchema.optional(),
});
export type EligibilityRule = z.infer<typeof eligibilityRuleSchema>;

export const commitmentPolicySchema = z.strictObject({
  /** Calendar days from the pre-review date to supply the promised materials. */
  withinDays: z.number().int().min(1).max(365),
  /** Non-core materials that may be promised (告知承诺 / 容缺受理). */
  materials: z.array(identifier).min(1),
  note: localizedSchema.optional(),
});
export type CommitmentPolicy = z.infer<typeof commitmentPolicySchema>;

export const serviceItemSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,40}$/, 'must be an upper-case item code'),
  name: localizedSchema,
  department: localizedSchema,
  line: z.string().regex(/^[A-Z]$/, 'must be one capital letter'),
  category: identifier,
  keywords: z.strictObject({ 'zh-CN': z.array(z.string().min(1)), en: z.array(z.string().min(1)) }),
  summary: localizedSchema,
  timeLimit: localizedSchema,
  fee: localizedSchema,
  agent: z.strictObject({
    allowed: z.boolean(),
    /** Why an agent cannot apply (photo and fingerprints taken in person…); required when not allowed. */
    refusal: localizedSchema.optional(),
  }),
  form: z.array(formFieldSchema),
  /** A person without their card may type name and ID number instead (the window then checks the
   *  document); only for items whose rules do not depend on what only the card proves. */
  manualEntry: z.boolean().optional(),
  materials: z.array(materialSchema).min(1),
  /** Ids of shared rules from catalog.json, or rules of this item. */
  eligibility: z.array(z.union([identifier, eligibilityRuleSchema])),
  commitment: commitmentPolicySchema.optional(),
  /** Public guides this item was written from. */
  sources: z.array(z.string().min(1)).min(1),
});
export type ServiceItem = z.infer<typeof serviceItemSchema>;

export const businessLineSchema = z.strictObject({
  code: z.string().regex(/^[A-Z]$/, 'must be one capital letter'),
  name: localizedSchema,
});
export type BusinessLine = z.infer<typeof businessLineSchema>;

export const categorySchema = z.strictObject({ id: identifier, name: localizedSchema });
export type Category = z.infer<typeof categorySchema>;

export const manifestSchema = z.strictObject({
  schemaVersion: z.literal(1),
  version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$/, 'must be a version such as 2025.06.1'),
  publishedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  lines: z.array(businessLineSchema).min(1),
  categories: z.array(categorySchema).min(1),
  sharedRules: z.array(eligibilityRuleSchema),
  /** Added to every item that allows agents, while `agent` is true. */
  agentMaterials: z.array(materialSchema),
  agentFields: z.array(formFieldSchema),
});
export type CatalogManifest = z.infer<typeof manifestSchema>;

/** The whole catalog as one JSON value: what sync delivers and what CatalogHolder.replace accepts. */
export const bundleSchema = manifestSchema.extend({ items: z.array(z.unknown()) });
