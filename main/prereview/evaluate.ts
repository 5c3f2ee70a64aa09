// The offline pre-review: eligibility, form and checklist of one item, judged together so that the
// one-time notification slip (一次性告知单) lists everything that is wrong at once.
import { chinaCalendarDate } from '../../domain/identity/dates.ts';
import {
  type Catalog,
  type CompiledField,
  type CompiledItem,
  type CompiledMaterial,
  compiledItems,
} from './catalog.ts';
import type { Facts } from './facts.ts';
import { type Scope, holds } from './rules.ts';
import type { FormField, Localized, Material } from './schema.ts';
import { validateField } from './validate.ts';

export type ChecklistAnswer = 'have' | 'missing';
export type FormValues = Readonly<Record<string, unknown>>;
export type Checklist = Readonly<Record<string, ChecklistAnswer>>;

export interface EvaluateInput {
  itemCode: string;
  /** From buildFacts: the card on the reader is the applicant's (an agent brings it along). */
  facts: Facts;
  /** The form as it stands: prefilled values plus what the person typed or chose. */
  form: FormValues;
  /** One answer per applicable material; a material with no answer counts as missing. */
  checklist: Checklist;
  /** Someone applies on the applicant's behalf (代办). */
  agent?: boolean;
}

export type Problem =
  | { kind: 'eligibility'; ruleId: string; message: Localized; advice?: Localized }
  | { kind: 'form'; fieldId: string; message: Localized }
  | {
      kind: 'material';
      materialId: string;
      message: Localized;
      core: boolean;
      /** The item lets this material be promised, were everything else in order. */
      promisable: boolean;
      whatToBring: Localized;
      whereToGet: Localized;
      templateUrl?: string;
      example?: string;
    };

export interface PromisedMaterial {
  materialId: string;
  name: Localized;
  /** Last day to hand it in, YYYY-MM-DD (China calendar). */
  deadline: string;
}

export interface MaterialStatus {
  materialId: string;
  name: Localized;
  core: boolean;
  status: 'have' | 'missing' | 'promised';
}

export type Outcome = 'pass' | 'notice' | 'commitment';

/** Everything needed to store the pre-review and print a ticket, a notification or a commitment slip. */
export interface PreReviewResult {
  outcome: Outcome;
  itemCode: string;
  itemName: Localized;
  department: Localized;
  /** Business line of the queue ticket; '' when the item code is unknown. */
  line: string;
  catalogVersion: string;
  catalogHash: string;
  agent: boolean;
  /** Empty for 'pass' and 'commitment'; every eligibility, form and material problem for 'notice'. */
  problems: Problem[];
  /** The materials promised, for 'commitment' only. */
  promised: PromisedMaterial[];
  /** Every material that applied, with its state. */
  materials: MaterialStatus[];
  commitment?: { withinDays: number; deadline: string; note?: Localized };
  /** ISO 8601 instant of the facts' clock. */
  evaluatedAt: string;
}

export type ApplicableMaterial = Material & {
  /** Added because an agent applies (power of attorney, agent's ID card). */
  forAgent: boolean;
  /** The item's commitment policy lets this material be promised. */
  promisable: boolean;
};

export type ApplicableField = FormField & { forAgent: boolean };

const UNKNOWN_NAME: Localized = { 'zh-CN': '未知事项', en: 'Unknown service item' };

function scopeOf(facts: unknown, form: unknown, checklist: unknown, agent: boolean): Scope {
  const f = (isRecord(facts) ? facts : {}) as Partial<Record<keyof Facts, unknown>>;
  return {
    card: f.card,
    hall: f.hall,
    time: f.time,
    applicant: f.applicant,
    agent,
    form: isRecord(form) ? form : {},
    checklist: isRecord(checklist) ? checklist : {},
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function applies(entry: CompiledField | CompiledMaterial, scope: Scope): boolean {
  return entry.when === undefined || holds(entry.when, scope);
}

interface Selected<T> {
  value: T;
  forAgent: boolean;
}

// Internal selections hold references, not copies: evaluate runs thousands of times a second.
function selectMaterials(compiled: CompiledItem, scope: Scope, agent: boolean): Selected<Material>[] {
  const selected: Selected<Material>[] = [];
  for (const entry of compiled.materials) {
    if (applies(entry, scope)) selected.push({ value: entry.material, forAgent: false });
  }
  if (agent && compiled.item.agent.allowed) {
    for (const entry of compiled.agentMaterials) selected.push({ value: entry.material, forAgent: true });
  }
  return selected;
}

function selectFields(compiled: CompiledItem, scope: Scope, agent: boolean): Selected<FormField>[] {
  const selected: Selected<FormField>[] = [];
  for (const entry of compiled.fields)
    if (applies(entry, scope)) selected.push({ value: entry.field, forAgent: false });
  if (agent && compiled.item.agent.allowed) {
    for (const entry of compiled.agentFields) {
      if (applies(entry, scope)) selected.push({ value: entry.field, forAgent: true });
    }
  }
  return selected;
}

function lookup(catalog: Catalog, itemCode: string): CompiledItem | undefined {
  const compiled = compiledItems(catalog);
  return compiled?.get(itemCode);
}

/** The materials to ask for: the item's, those whose condition holds, and the agent's when an agent
 *  applies. Empty for an unknown item. Never throws. */
export function applicableMaterials(
  catalog: Catalog,
  itemCode: string,
  facts: Facts,
  form: FormValues,
  agent = false,
): ApplicableMaterial[] {
  try {
    const compiled = lookup(catalog, itemCode);
    if (!compiled) return [];
    return selectMaterials(compiled, scopeOf(facts, form, {}, agent), agent).map(({ value, forAgent }) => ({
      ...value,
      forAgent,
      promisable: !forAgent && compiled.promisable.has(value.id),
    }));
  } catch {
    // The list is advisory; evaluate() of the same item runs the same rules and reports a failure as a notice.
    return [];
  }
}

/** The fields to show, in order: the item's whose condition holds, then the agent's when an agent
 *  applies. Call again as answers change: a choice can bring up another field. Never throws. */
export function applicableFields(
  catalog: Catalog,
  itemCode: string,
  facts: Facts,
  form: FormValues,
  agent = false,
): ApplicableField[] {
  try {
    const compiled = lookup(catalog, itemCode);
    if (!compiled) return [];
    return selectFields(compiled, scopeOf(facts, form, {}, agent), agent).map(({ value, forAgent }) => ({
      ...value,
      forAgent,
    }));
  } catch {
    // The list is advisory; evaluate() of the same item runs the same rules and reports a failure as a notice.
    return [];
  }
}

function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return new Date(ms + days * 86_400_000).toISOString().slice(0, 10);
}

function clockOf(facts: unknown): { iso: string; date: string; now: Date } {
  const time = isRecord(facts) && isRecord(facts.time) ? facts.time : {};
  const parsed = typeof time.iso === 'string' ? new Date(time.iso) : new Date(Number.NaN);
  const now = Number.isFinite(parsed.getTime()) ? parsed : new Date();
  return { iso: now.toISOString(), date: chinaCalendarDate(now), now };
}

const DISHONEST_REFUSAL = {
  'zh-CN': '申请人在失信联合惩戒名单内，本事项不适用容缺受理（告知承诺），请补齐下列材料后再来办理。',
  en: 'Acceptance on commitment is not available to applicants on the credit dishonesty list; please bring the materials below.',
};

const UNAVAILABLE = {
  'zh-CN': '自助预审暂时无法完成，请到咨询台由工作人员协助办理。',
  en: 'Self-service pre-review could not be completed; please ask at the information desk.',
};

function evaluateUnsafe(catalog: Catalog, input: EvaluateInput): PreReviewResult {
  const raw = (isRecord(input) ? input : {}) as Partial<EvaluateInput>;
  const itemCode = typeof raw.itemCode === 'string' ? raw.itemCode : '';
  const agent = raw.agent === true;
  const clock = clockOf(raw.facts);
  const compiled = lookup(catalog, itemCode);
  const base = {
    itemCode,
    catalogVersion: catalog.version,
    catalogHash: catalog.hash,
    agent,
    evaluatedAt: clock.iso,
    promised: [],
  };
  if (compiled === undefined) {
    return {
      ...base,
      outcome: 'notice',
      itemName: UNKNOWN_NAME,
      department: UNKNOWN_NAME,
      line: '',
      materials: [],
      problems: [
        {
          kind: 'eligibility',
          ruleId: 'unknown-item',
          message: {
            'zh-CN': '目录中没有这个事项，请到咨询台咨询。',
            en: 'This service item is not in the catalog; please ask at the information desk.',
          },
        },
      ],
    };
  }
  const { item } = compiled;
  const scope = scopeOf(raw.facts, raw.form, raw.checklist, agent);
  const form = scope.form as Record<string, unknown>;
  const checklist = scope.checklist as Record<string, unknown>;
  const problems: Problem[] = [];

  if (agent && !item.agent.allowed) {
    problems.push({
      kind: 'eligibility',
      ruleId: 'agent-not-allowed',
      message: item.agent.refusal ?? UNAVAILABLE,
    });
  }
  for (const eligibility of compiled.eligibility) {
    if (!holds(eligibility.run, scope)) {
      problems.push({
        kind: 'eligibility',
        ruleId: eligibility.rule.id,
        message: eligibility.message(scope),
        ...(eligibility.rule.advice && { advice: eligibility.rule.advice }),
      });
    }
  }
  for (const { value: field } of selectFields(compiled, scope, agent)) {
    const value = Object.hasOwn(form, field.id) ? form[field.id] : undefined;
    const check = validateField(field, value, clock.now);
    if (!check.ok) problems.push({ kind: 'form', fieldId: field.id, message: check.message });
  }

  const selected = selectMaterials(compiled, scope, agent);
  const materials = selected.map((entry) => entry.value);
  // The card on the reader is the applicant's: it can stand for the applicant's ID, never the agent's.
  const missing = selected
    .filter(
      ({ value, forAgent }) =>
        !(value.satisfiedByCard === true && !forAgent) && checklist[value.id] !== 'have',
    )
    .map((entry) => entry.value);
  const missingIds = new Set(missing.map((m) => m.id));
  const policy = item.commitment;
  const applicant = (isRecord(scope.applicant) ? scope.applicant : {}) as Record<string, unknown>;
  const onlyPromisableMissing =
    missing.length > 0 && missing.every((m) => !m.core && compiled.promisable.has(m.id));
  const otherwiseAcceptable = policy !== undefined && onlyPromisableMissing && problems.length === 0;
  const honest = applicant.dishonest === false;

  const itemPart = {
    ...base,
    itemName: item.name,
    department: item.department,
    line: item.line,
  };
  if (otherwiseAcceptable && honest) {
    const deadline = addDays(clock.date, policy.withinDays);
    return {
      ...itemPart,
      outcome: 'commitment',
      problems: [],
      promised: missing.map((m) => ({ materialId: m.id, name: m.name, deadline })),
      materials: materials.map((m) => ({
        materialId: m.id,
        name: m.name,
        core: m.core,
        status: missingIds.has(m.id) ? 'promised' : 'have',
      })),
      commitment: { withinDays: policy.withinDays, deadline, ...(policy.note && { note: policy.note }) },
    };
  }
  if (otherwiseAcceptable && !honest) {
    problems.push({
      kind: 'eligibility',
      ruleId: 'commitment-refused-dishonest',
      message: DISHONEST_REFUSAL,
    });
  }
  for (const m of missing) {
    problems.push({
      kind: 'material',
      materialId: m.id,
      message: { 'zh-CN': `缺少「${m.name['zh-CN']}」`, en: `Missing: ${m.name.en}` },
      core: m.core,
      promisable: compiled.promisable.has(m.id),
      whatToBring: m.description,
      whereToGet: m.whereToGet,
      ...(m.templateUrl && { templateUrl: m.templateUrl }),
      ...(m.example && { example: m.example }),
    });
  }
  return {
    ...itemPart,
    outcome: problems.length === 0 ? 'pass' : 'notice',
    problems,
    materials: materials.map((m) => ({
      materialId: m.id,
      name: m.name,
      core: m.core,
      status: missingIds.has(m.id) ? 'missing' : 'have',
    })),
  };
}

/** Pre-reviews one application. Never throws: if the catalog itself cannot be run, the outcome is a
 *  'notice' that sends the person to the information desk. */
export function evaluate(catalog: Catalog, input: EvaluateInput): PreReviewResult {
  try {
    return evaluateUnsafe(catalog, input);
  } catch {
    // The documented contract: a catalog that cannot be run becomes a notice sending the person to the desk.
    const raw = (isRecord(input) ? input : {}) as Partial<EvaluateInput>;
    const safe = (value: unknown) => (typeof value === 'string' ? value : '');
    const catalogField = (key: 'version' | 'hash') => {
      try {
        return safe((catalog as unknown as Record<string, unknown>)[key]);
      } catch {
        // A catalog without a readable version is recorded with an empty one; the notice says what matters.
        return '';
      }
    };
    return {
      outcome: 'notice',
      itemCode: safe(raw.itemCode),
      itemName: UNKNOWN_NAME,
      department: UNKNOWN_NAME,
      line: '',
      catalogVersion: catalogField('version'),
      catalogHash: catalogField('hash'),
      agent: raw.agent === true,
      problems: [{ kind: 'eligibility', ruleId: 'pre-review-unavailable', message: UNAVAILABLE }],
      promised: [],
      materials: [],
      evaluatedAt: new Date().toISOString(),
    };
  }
}
