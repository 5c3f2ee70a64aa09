// The shape of the service catalog, checked with zod on every load (from disk or from sync).
// Cross-references (lines, categories, material ids, rule fact paths) are checked in load.ts after
// the shape is known to be right.
import { z } from 'zod';
import { AGENT_RELATIONS, APPLICANT_CARD_TYPES } from './facts.ts';

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
  /** A measured quantity with its unit (an area in 平方米, a length in 米): a number with at most two
   *  decimals, shown and checked with the unit (`unit` is required), never called an amount. */
  'measure',
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
  /** The APPLICANT's own card read on the reader is this material: it counts as present without
   *  asking. Never satisfied by an agent's card, nor by a typed number. */
  satisfiedByCard: z.boolean().optional(),
  /** For a company applicant: the card of its legal representative, read on the reader while the
   *  representative acts for it, is this material (法定代表人身份证明). */
  satisfiedByRepresentativeCard: z.boolean().optional(),
  /** The law, regulation or local document and article that requires it; where it rests on agency
   *  practice, the basis says so. */
  basis: localizedSchema,
});
export type Material = z.infer<typeof materialSchema>;

/** An agent's material: which kinds of agent must bring it. */
export const agentMaterialSchema = materialSchema.extend({
  for: z.array(z.enum(AGENT_RELATIONS)).min(1),
  /** The agent's own card read on the reader is this material. */
  satisfiedByAgentCard: z.boolean().optional(),
});
export type AgentMaterial = z.infer<typeof agentMaterialSchema>;

/** A rule that, when it does not hold, means the application cannot be accepted HERE at all
 *  (ineligible, wrong jurisdiction, already holds it): a 不予受理 with why and where to go instead. */
export const eligibilityRuleSchema = z.strictObject({
  id: identifier,
  rule: ruleSchema,
  /** Why it is not accepted; may use {{fact.path}} placeholders. */
  message: localizedSchema,
  /** Where to go instead (行政许可法 art. 32 (2): tell the applicant which authority to apply to). */
  whereInstead: localizedSchema,
  basis: localizedSchema,
  /** When this fact is unknown (null) the citizen is ASKED (a 'fix' line), never refused or guessed:
   *  e.g. a 户籍 the card's address could not be matched to. */
  askIfUnknown: z.enum(['applicant.registrationRegion', 'applicant.age']).optional(),
  /** A form inconsistency rather than a bar: when the rule fails, a 'fix' line for this field. */
  fixField: fieldIdentifier.optional(),
});
export type EligibilityRule = z.infer<typeof eligibilityRuleSchema>;

export const COMMITMENT_KINDS = ['full-trust', 'non-core', 'core-later'] as const;
/** full-trust 全信任: granted on the promise alone, nothing owed later, no due date.
 *  non-core 非核心要件信任: a non-core material handed in later.
 *  core-later 要件后补式信任: a core material handed in later, where the item allows it. */
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];

export const withinSchema = z.union([
  z.strictObject({ months: z.number().int().min(1).max(24) }),
  z.strictObject({ days: z.number().int().min(1).max(730) }),
  z.strictObject({ workingDays: z.number().int().min(1).max(250) }),
]);
export type Within = z.infer<typeof withinSchema>;

export const promisableSchema = z.strictObject({
  material: identifier,
  kind: z.enum(COMMITMENT_KINDS),
  /** Absent for full-trust (nothing owed later); required otherwise, in the unit the rule uses. */
  within: withinSchema.optional(),
  basis: localizedSchema,
});
export type Promisable = z.infer<typeof promisableSchema>;

export const commitmentPolicySchema = z.strictObject({
  /** The materials that may be promised, each with its kind, as the hall's published list sets it. */
  materials: z.array(promisableSchema).min(1),
  /** 失信责任: what follows when the promise is broken or untrue. */
  breach: localizedSchema,
  /** Where the promised materials are handed in. */
  handIn: localizedSchema,
  basis: localizedSchema,
  /** For business items: the form fields naming the licensed unit and its credit code. */
  licensee: z.strictObject({ nameField: fieldIdentifier, usccField: fieldIdentifier }).optional(),
  note: localizedSchema.optional(),
});
export type CommitmentPolicy = z.infer<typeof commitmentPolicySchema>;

const exampleValue = z.union([z.string(), z.number()]);

/** A record whose keys come out sorted: every object the schema outputs then has a fixed key order
 *  (strict objects follow the schema's order), so the catalog hash can be plain JSON.stringify of the
 *  parsed catalog — independent of the order keys were written in, and fast. */
function sortedRecord<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value).transform((record) => {
    const sorted: Record<string, z.output<T>> = {};
    for (const key of Object.keys(record).sort()) sorted[key] = record[key]!;
    return sorted;
  });
}

/** A worked example: applicant facts and materials → expected outcome. Run at load and at publish. */
export const exampleSchema = z.strictObject({
  name: z.string().min(1),
  /** Overrides of the default applicant facts (catalog.json exampleDefaults, then the item's). */
  applicant: sortedRecord(z.union([exampleValue, z.boolean(), z.null()])).optional(),
  agent: z
    .strictObject({
      relation: z.enum(AGENT_RELATIONS),
      cardType: z.enum(APPLICANT_CARD_TYPES).nullable().optional(),
      age: z.number().int().nullable().optional(),
    })
    .nullable()
    .optional(),
  hall: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** Merged over the item's exampleForm; null removes a value. */
  form: sortedRecord(z.union([exampleValue, z.null()])).optional(),
  /** Materials answered "I don't have it"; every other applicable material is answered "I have it". */
  missing: z.array(identifier).optional(),
  declineCommitment: z.boolean().optional(),
  expect: z.strictObject({
    outcome: z.enum(['pass', 'notice', 'commitment', 'not-accepted']),
    refusals: z.array(z.string()).optional(),
    fix: z.array(z.string()).optional(),
    bring: z.array(identifier).optional(),
    promised: z.array(identifier).optional(),
    /** The commitment kinds the outcome uses (any order). */
    kinds: z.array(z.enum(COMMITMENT_KINDS)).optional(),
    /** Due date per promised material; null for full-trust. */
    deadlines: sortedRecord(z.string().nullable()).optional(),
    credit: z.boolean().optional(),
  }),
});
export type CatalogExample = z.infer<typeof exampleSchema>;

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
  /** The item's own legal basis (what it is and who grants it). */
  basis: localizedSchema,
  /** Who may apply: the card types admitted, with the rule that says so. Any other is not accepted. */
  applicants: z.strictObject({
    cardTypes: z.array(z.enum(APPLICANT_CARD_TYPES)).min(1),
    basis: localizedSchema,
    /** Why the others are not accepted and where they go instead. */
    refusal: localizedSchema,
    whereInstead: localizedSchema,
  }),
  agent: z.strictObject({
    allowed: z.boolean(),
    /** Which kinds of agent (when allowed). */
    relations: z.array(z.enum(AGENT_RELATIONS)).optional(),
    /** Why an agent cannot apply (photo and fingerprints taken in person…); required when not allowed. */
    refusal: localizedSchema.optional(),
    /** Where the law has the guardian apply for a minor under this age, the guardian is taken even when
     *  no other agent is (居民身份证法 art. 7, 居住证暂行条例 art. 9). */
    guardianUnder: z.number().int().min(1).max(18).optional(),
    /** Under this age the applicant cannot apply alone: a guardian must. */
    guardianRequiredUnder: z.number().int().min(1).max(18).optional(),
    basis: localizedSchema,
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
  /** The applicant facts and form every example starts from (a valid, complete application). */
  exampleBase: z.strictObject({
    applicant: sortedRecord(z.union([exampleValue, z.boolean(), z.null()])).optional(),
    agent: z
      .strictObject({ relation: z.enum(AGENT_RELATIONS) })
      .nullable()
      .optional(),
    form: sortedRecord(exampleValue),
  }),
  examples: z.array(exampleSchema).min(6, 'each item carries at least 6 worked examples'),
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
  schemaVersion: z.literal(2),
  version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$/, 'must be a version such as 2025.06.1'),
  publishedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  lines: z.array(businessLineSchema).min(1),
  categories: z.array(categorySchema).min(1),
  sharedRules: z.array(eligibilityRuleSchema),
  /** Added to every item that allows agents, by the kind of agent. */
  agentMaterials: z.array(agentMaterialSchema),
  agentFields: z.array(formFieldSchema),
  /** Basis printed on a 'fix' line (a form field to correct). */
  formBasis: localizedSchema,
  /** Basis printed on the 'credit' line (a restricted applicant gets no commitment). */
  creditBasis: localizedSchema,
  /** Where the examples happen unless they say otherwise. */
  exampleDefaults: z.strictObject({
    hall: z.strictObject({ regionCode: z.string().regex(/^\d{6}$/), name: z.string().min(1) }),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    applicant: sortedRecord(z.union([exampleValue, z.boolean(), z.null()])),
    /** Agent fields filled in whenever an example has an agent. */
    agentForm: sortedRecord(exampleValue),
  }),
});
export type CatalogManifest = z.infer<typeof manifestSchema>;

/** The whole catalog as one JSON value: what sync delivers and what CatalogHolder.replace accepts. */
export const bundleSchema = manifestSchema.extend({ items: z.array(z.unknown()) });
