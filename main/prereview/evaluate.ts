// The offline pre-review of one item, with four outcomes a hall's legal office can sign:
// - 'not-accepted' (不予受理告知书): the applicant cannot apply here at all — not admitted by card type,
//   ineligible, wrong jurisdiction, already holds it. Says why and where to go instead
//   (行政许可法 art. 32 (1)(2)). Never mixed with corrections.
// - 'notice' (一次性告知单): everything to correct at once (行政许可法 art. 32 (4)), each line labelled
//   for what it is: a material to bring, a form field to fix, and always its basis.
// - 'commitment' (告知承诺): every missing material may be promised for this item, in one of three kinds.
// - 'pass': complete; a queue ticket.
// Every rule judges the APPLICANT. The agent's card tells only who the agent is: it never satisfies the
// applicant's materials, and the agent's credit is never read.
import { chinaCalendarDate } from '../../domain/identity/dates.ts';
import {
  type Catalog,
  type CompiledField,
  type CompiledItem,
  type CompiledMaterial,
  compiledItems,
} from './catalog.ts';
import { dueDate } from './deadlines.ts';
import type { AgentRelation, Facts } from './facts.ts';
import { type Scope, holds } from './rules.ts';
import type { CommitmentKind, FormField, Localized, Material, Within } from './schema.ts';
import { validateField } from './validate.ts';

export type ChecklistAnswer = 'have' | 'missing';
export type FormValues = Readonly<Record<string, unknown>>;
export type Checklist = Readonly<Record<string, ChecklistAnswer>>;

export interface EvaluateInput {
  itemCode: string;
  facts: Facts;
  /** The form as it stands: prefilled values plus what the person typed or chose. */
  form: FormValues;
  /** One answer per applicable material; an unanswered one counts as missing and is listed in
   *  `unanswered` (the flow asks before it reviews). */
  checklist: Checklist;
  /** The applicant declines to commit and will bring the proofs: a notice instead of a commitment. */
  declineCommitment?: boolean;
}

/** What to bring for a card-proven material when the identity was typed, not read from a card. */
export const TYPED_CARD: Localized = {
  'zh-CN': '原件。本机没有读取此证件（身份信息为手工录入），请带原件到窗口核验，核验后当场退还。',
  en: 'The original. This kiosk did not read it (the identity was typed in): bring it for the window to check; it is handed back at once.',
};

export type Outcome = 'pass' | 'notice' | 'commitment' | 'not-accepted';

export interface Refusal {
  ruleId: string;
  reason: Localized;
  whereInstead: Localized;
  basis: Localized;
}

export type Problem =
  | {
      kind: 'bring';
      materialId: string;
      name: Localized;
      whatToBring: Localized;
      whereToGet: Localized;
      basis: Localized;
      core: boolean;
      forAgent: boolean;
      templateUrl?: string;
      example?: string;
    }
  | { kind: 'fix'; fieldId: string; message: Localized; basis: Localized }
  | { kind: 'credit'; message: Localized; basis: Localized };
export type NoticeLine = Problem;

export interface PromisedMaterial {
  materialId: string;
  name: Localized;
  kind: CommitmentKind;
  /** null for full-trust: nothing is owed later. */
  within: Within | null;
  /** Last day to hand it in, YYYY-MM-DD (China calendar); null for full-trust. */
  deadline: string | null;
  basis: Localized;
}

export interface CommitmentTerms {
  kinds: CommitmentKind[];
  licensee?: { name: string; uscc: string };
  breach: Localized;
  handIn: Localized;
  basis: Localized;
  note?: Localized;
}

export interface MaterialStatus {
  materialId: string;
  name: Localized;
  core: boolean;
  forAgent: boolean;
  status: 'have' | 'missing' | 'promised';
}

/** Everything needed to store the pre-review and print its paper. */
export interface PreReviewResult {
  outcome: Outcome;
  itemCode: string;
  itemName: Localized;
  department: Localized;
  /** Business line of the queue ticket; '' when the item code is unknown. */
  line: string;
  catalogVersion: string;
  catalogHash: string;
  /** Someone applies for the applicant. */
  agent: boolean;
  /** Non-empty exactly when the outcome is 'not-accepted'. */
  refusals: Refusal[];
  /** The notice's lines; empty unless the outcome is 'notice'. */
  problems: Problem[];
  /** Applicable material ids with no answer (they counted as missing). */
  unanswered: string[];
  /** The materials promised, for 'commitment' only. */
  promised: PromisedMaterial[];
  /** Every material that applied, with its state (empty for 'not-accepted'). */
  materials: MaterialStatus[];
  commitment?: CommitmentTerms;
  /** ISO 8601 instant of the facts' clock. */
  evaluatedAt: string;
}

export type ApplicableMaterial = Material & {
  /** Brought by the agent (power of attorney, guardianship proof, agent's ID card). */
  forAgent: boolean;
  /** Already satisfied by a card read on the reader: not asked. */
  satisfied: boolean;
  /** A commitment is really possible for THIS applicant: show 可容缺 only then. */
  promisable: boolean;
  commitmentKind?: CommitmentKind;
};

export type ApplicableField = FormField & { forAgent: boolean };

/** A text in both languages the engine itself says (the catalog's own texts come localized). */
const say = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

const UNKNOWN_NAME = say('未知事项', 'Unknown service item');
const DESK = say('请到咨询台由工作人员协助。', 'Please ask at the information desk.');
const PRACTICE = say(
  '本大厅受理规范（机关惯例，非法条）',
  "This hall's acceptance practice (agency practice, not an article)",
);

function scopeOf(facts: unknown, form: unknown, checklist: unknown): Scope {
  const f = (isRecord(facts) ? facts : {}) as Partial<Record<keyof Facts, unknown>>;
  return {
    applicant: isRecord(f.applicant) ? f.applicant : {},
    agent: isRecord(f.agent) ? f.agent : { present: false },
    hall: f.hall,
    time: f.time,
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

interface AgentView {
  present: boolean;
  relation: AgentRelation | null;
  hasCard: boolean;
}

function agentOf(scope: Scope): AgentView {
  const agent = scope.agent as Record<string, unknown>;
  const relation = agent.relation;
  return {
    present: agent.present === true,
    relation:
      relation === 'guardian' || relation === 'entrusted' || relation === 'representative' ? relation : null,
    hasCard: typeof agent.cardType === 'string',
  };
}

interface SelectedMaterial {
  value: Material;
  forAgent: boolean;
  /** A card on the reader is this material. */
  satisfied: boolean;
}

// Internal selections hold references, not copies: evaluate runs thousands of times a second.
function selectMaterials(compiled: CompiledItem, scope: Scope): SelectedMaterial[] {
  const selected: SelectedMaterial[] = [];
  const applicant = scope.applicant as Record<string, unknown>;
  const fromCard = applicant.source === 'card';
  const agent = agentOf(scope);
  const representativeCard = agent.present && agent.relation === 'representative' && agent.hasCard;
  for (const entry of compiled.materials) {
    if (applies(entry, scope)) {
      const m = entry.material;
      selected.push({
        value: m,
        forAgent: false,
        satisfied:
          (m.satisfiedByCard === true && fromCard) ||
          (m.satisfiedByRepresentativeCard === true && representativeCard),
      });
    }
  }
  if (agent.present && agent.relation !== null) {
    for (const { material } of compiled.agentMaterials) {
      if (material.for.includes(agent.relation)) {
        selected.push({
          value: material,
          forAgent: true,
          satisfied: material.satisfiedByAgentCard === true && agent.hasCard,
        });
      }
    }
  }
  return selected;
}

function selectFields(compiled: CompiledItem, scope: Scope): { value: FormField; forAgent: boolean }[] {
  const selected: { value: FormField; forAgent: boolean }[] = [];
  for (const entry of compiled.fields)
    if (applies(entry, scope)) selected.push({ value: entry.field, forAgent: false });
  // Agent fields follow the agent (their own `when` says which kinds), also a guardian the law admits
  // on an item that takes no other agent.
  if (agentOf(scope).present) {
    for (const entry of compiled.agentFields) {
      if (applies(entry, scope)) selected.push({ value: entry.field, forAgent: true });
    }
  }
  return selected;
}

function lookup(catalog: Catalog, itemCode: string): CompiledItem | undefined {
  return compiledItems(catalog)?.get(itemCode);
}

/** What the screens ask, for this item and applicant: empty for an unknown item, never throws. */
function advisoryList<T>(
  catalog: Catalog,
  itemCode: string,
  facts: Facts,
  form: FormValues,
  list: (compiled: CompiledItem, scope: Scope) => T[],
): T[] {
  try {
    const compiled = lookup(catalog, itemCode);
    return compiled ? list(compiled, scopeOf(facts, form, {})) : [];
  } catch {
    // The list is advisory; evaluate() of the same item runs the same rules and reports a failure as a notice.
    return [];
  }
}

/** The materials to ask for, for this applicant and agent. Empty for an unknown item. Never throws. */
export function applicableMaterials(
  catalog: Catalog,
  itemCode: string,
  facts: Facts,
  form: FormValues,
): ApplicableMaterial[] {
  return advisoryList(catalog, itemCode, facts, form, (compiled, scope) => {
    const restricted = (scope.applicant as Record<string, unknown>).creditRestricted === true;
    return selectMaterials(compiled, scope).map(({ value, forAgent, satisfied }) => {
      const promise = forAgent ? undefined : compiled.promisable.get(value.id);
      const possible = promise !== undefined && !restricted;
      return {
        ...value,
        forAgent,
        satisfied,
        promisable: possible,
        ...(possible && { commitmentKind: promise.kind }),
      };
    });
  });
}

/** The fields to show, in order: the item's whose condition holds, then the agent's when an agent
 *  applies. Call again as answers change. Never throws. */
export function applicableFields(
  catalog: Catalog,
  itemCode: string,
  facts: Facts,
  form: FormValues,
): ApplicableField[] {
  return advisoryList(catalog, itemCode, facts, form, (compiled, scope) =>
    selectFields(compiled, scope).map(({ value, forAgent }) => ({ ...value, forAgent })),
  );
}

function clockOf(facts: unknown): { iso: string; date: string; now: Date } {
  const time = isRecord(facts) && isRecord(facts.time) ? facts.time : {};
  const parsed = typeof time.iso === 'string' ? new Date(time.iso) : new Date(Number.NaN);
  const now = Number.isFinite(parsed.getTime()) ? parsed : new Date();
  const date = typeof time.date === 'string' ? time.date : chinaCalendarDate(now);
  return { iso: now.toISOString(), date, now };
}

const CREDIT_LINE = say(
  '本事项的告知承诺（容缺受理）不适用于本申请，请备齐下列材料后办理。',
  'Acceptance on a commitment is not available for this application; please bring the materials below.',
);
const UNAVAILABLE = say(
  '自助预审暂时无法完成，请到咨询台由工作人员协助办理。',
  'Self-service pre-review could not be completed; please ask at the information desk.',
);
const ASK_REGION = say(
  '未能从证件住址确定户籍所在地，请选择您的户籍所在地（区县）。',
  'Your place of household registration could not be read from the card address; please choose it.',
);
const ASK_AGE = say(
  '未能确定申请人出生日期，请填写。',
  "The applicant's birth date is unknown; please enter it.",
);

function refusalsOf(compiled: CompiledItem, scope: Scope): { refusals: Refusal[]; asks: Problem[] } {
  const { item } = compiled;
  const refusals: Refusal[] = [];
  const asks: Problem[] = [];
  const applicant = scope.applicant as Record<string, unknown>;
  const agent = agentOf(scope);
  const age = typeof applicant.age === 'number' ? applicant.age : null;

  if (!compiled.cardTypes.has(String(applicant.cardType))) {
    refusals.push({
      ruleId: 'card-type',
      reason: item.applicants.refusal,
      whereInstead: item.applicants.whereInstead,
      basis: item.applicants.basis,
    });
  }
  const guardianByLaw =
    agent.relation === 'guardian' &&
    item.agent.guardianUnder !== undefined &&
    age !== null &&
    age < item.agent.guardianUnder;
  if (agent.present) {
    if (!item.agent.allowed && !guardianByLaw) {
      refusals.push({
        ruleId: 'agent-not-allowed',
        reason: item.agent.refusal ?? UNAVAILABLE,
        whereInstead: say(
          '请申请人本人持证件到窗口办理。',
          'The applicant must apply in person with their own card.',
        ),
        basis: item.agent.basis,
      });
    } else if (
      item.agent.allowed &&
      !guardianByLaw &&
      !(item.agent.relations ?? []).includes(agent.relation!)
    ) {
      refusals.push({
        ruleId: 'agent-relation',
        reason: say('本事项不接受此类代理人代为办理。', 'This kind of agent cannot apply for this item.'),
        whereInstead: DESK,
        basis: item.agent.basis,
      });
    }
  }
  const guardianNeeded =
    item.agent.guardianRequiredUnder !== undefined &&
    (age === null ? applicant.cardType === 'none' : age < item.agent.guardianRequiredUnder);
  if (guardianNeeded && agent.relation !== 'guardian') {
    refusals.push({
      ruleId: 'guardian-required',
      reason: say(
        `未满${item.agent.guardianRequiredUnder}周岁的，由监护人代为申请。`,
        `Under ${item.agent.guardianRequiredUnder}, a guardian applies on the applicant's behalf.`,
      ),
      whereInstead: say(
        '请由父母等监护人持本人身份证件和户口簿（或出生医学证明）代为申请。',
        'A parent or other guardian applies, with their own ID and the household register (or birth certificate).',
      ),
      basis: item.agent.basis,
    });
  }
  for (const eligibility of compiled.eligibility) {
    const unknownPath = eligibility.rule.askIfUnknown;
    if (unknownPath !== undefined) {
      const key = unknownPath.split('.')[1]!;
      // Only residents (and children without a card) have a 户籍 to ask about.
      const relevant =
        key !== 'registrationRegion' || applicant.cardType === 'resident' || applicant.cardType === 'none';
      if (relevant && (applicant[key] === null || applicant[key] === undefined)) {
        asks.push({
          kind: 'fix',
          fieldId: unknownPath,
          message: key === 'age' ? ASK_AGE : ASK_REGION,
          basis: eligibility.rule.basis,
        });
        continue;
      }
    }
    if (!holds(eligibility.run, scope)) {
      if (eligibility.rule.fixField !== undefined) {
        asks.push({
          kind: 'fix',
          fieldId: eligibility.rule.fixField,
          message: eligibility.message(scope),
          basis: eligibility.rule.basis,
        });
        continue;
      }
      refusals.push({
        ruleId: eligibility.rule.id,
        reason: eligibility.message(scope),
        whereInstead: eligibility.rule.whereInstead,
        basis: eligibility.rule.basis,
      });
    }
  }
  return { refusals, asks };
}

/** Every material that applied, with its state: the missing ones 'promised' on a commitment,
 *  'missing' otherwise. */
function statesOf(
  selected: readonly SelectedMaterial[],
  missingIds: ReadonlySet<string>,
  missingAs: 'promised' | 'missing',
): MaterialStatus[] {
  return selected.map(({ value, forAgent }) => ({
    materialId: value.id,
    name: value.name,
    core: value.core,
    forAgent,
    status: missingIds.has(value.id) ? missingAs : 'have',
  }));
}

function evaluateUnsafe(catalog: Catalog, input: EvaluateInput): PreReviewResult {
  const raw = (isRecord(input) ? input : {}) as Partial<EvaluateInput>;
  const itemCode = typeof raw.itemCode === 'string' ? raw.itemCode : '';
  const clock = clockOf(raw.facts);
  const compiled = lookup(catalog, itemCode);
  const scope = scopeOf(raw.facts, raw.form, raw.checklist);
  const agent = agentOf(scope);
  const base = {
    itemCode,
    catalogVersion: catalog.version,
    catalogHash: catalog.hash,
    agent: agent.present,
    evaluatedAt: clock.iso,
    promised: [],
    problems: [],
    unanswered: [],
    materials: [],
  };
  if (compiled === undefined) {
    return {
      ...base,
      outcome: 'not-accepted',
      itemName: UNKNOWN_NAME,
      department: UNKNOWN_NAME,
      line: '',
      refusals: [
        {
          ruleId: 'unknown-item',
          reason: say('目录中没有这个事项。', 'This service item is not in the catalog.'),
          whereInstead: DESK,
          basis: PRACTICE,
        },
      ],
    };
  }
  const { item } = compiled;
  const itemPart = { ...base, itemName: item.name, department: item.department, line: item.line };

  const { refusals, asks } = refusalsOf(compiled, scope);
  if (refusals.length > 0) return { ...itemPart, outcome: 'not-accepted', refusals };

  const form = scope.form as Record<string, unknown>;
  const checklist = scope.checklist as Record<string, unknown>;
  const problems: Problem[] = [...asks];
  for (const { value: field } of selectFields(compiled, scope)) {
    const value = Object.hasOwn(form, field.id) ? form[field.id] : undefined;
    const check = validateField(field, value, clock.now);
    if (!check.ok)
      problems.push({ kind: 'fix', fieldId: field.id, message: check.message, basis: compiled.formBasis });
  }

  const selected = selectMaterials(compiled, scope);
  const unanswered: string[] = [];
  const missing: SelectedMaterial[] = [];
  for (const entry of selected) {
    if (entry.satisfied) continue;
    const answer = checklist[entry.value.id];
    if (answer === 'have') continue;
    if (answer !== 'missing') unanswered.push(entry.value.id);
    missing.push(entry);
  }
  const missingIds = new Set(missing.map((m) => m.value.id));
  const applicant = scope.applicant as Record<string, unknown>;
  const restricted = applicant.creditRestricted === true;
  const policy = item.commitment;
  // A commitment covers missing materials only; a field to fix is never promised away.
  const promisableOnly =
    policy !== undefined &&
    missing.length > 0 &&
    problems.length === 0 &&
    missing.every((m) => !m.forAgent && compiled.promisable.has(m.value.id));

  if (promisableOnly && !restricted && raw.declineCommitment !== true) {
    const promised = missing.map((m): PromisedMaterial => {
      const rule = compiled.promisable.get(m.value.id)!;
      const within = rule.kind === 'full-trust' ? null : (rule.within ?? null);
      return {
        materialId: m.value.id,
        name: m.value.name,
        kind: rule.kind,
        within,
        deadline: within === null ? null : dueDate(clock.date, within),
        basis: rule.basis,
      };
    });
    const order: CommitmentKind[] = ['full-trust', 'non-core', 'core-later'];
    const used = new Set(promised.map((p) => p.kind));
    const licensee = policy.licensee;
    const name = licensee ? form[licensee.nameField] : undefined;
    const uscc = licensee ? form[licensee.usccField] : undefined;
    return {
      ...itemPart,
      outcome: 'commitment',
      refusals: [],
      unanswered,
      promised,
      materials: statesOf(selected, missingIds, 'promised'),
      commitment: {
        kinds: order.filter((kind) => used.has(kind)),
        ...(typeof name === 'string' &&
          typeof uscc === 'string' && { licensee: { name, uscc: uscc.toUpperCase() } }),
        breach: policy.breach,
        handIn: policy.handIn,
        basis: policy.basis,
        ...(policy.note && { note: policy.note }),
      },
    };
  }
  // Restricted: the same materials, to bring; the line says a commitment is not available, never why.
  if (promisableOnly && restricted)
    problems.push({ kind: 'credit', message: CREDIT_LINE, basis: compiled.creditBasis });
  const typedApplicant = applicant.source === 'typed';
  for (const { value: m, forAgent } of missing) {
    problems.push({
      kind: 'bring',
      materialId: m.id,
      name: m.name,
      // The catalog describes a card-proven material as 「已在本机读取」; a typed identity was not
      // read, so the line says what really happened (screen and paper alike).
      whatToBring: m.satisfiedByCard === true && !forAgent && typedApplicant ? TYPED_CARD : m.description,
      whereToGet: m.whereToGet,
      basis: m.basis,
      core: m.core,
      forAgent,
      ...(m.templateUrl && { templateUrl: m.templateUrl }),
      ...(m.example && { example: m.example }),
    });
  }
  return {
    ...itemPart,
    outcome: problems.length === 0 ? 'pass' : 'notice',
    refusals: [],
    problems,
    unanswered,
    materials: statesOf(selected, missingIds, 'missing'),
  };
}

/** Pre-reviews one application. Never throws: if the catalog itself cannot be run, the outcome is
 *  'not-accepted' here and sends the person to the information desk. */
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
      outcome: 'not-accepted',
      itemCode: safe(raw.itemCode),
      itemName: UNKNOWN_NAME,
      department: UNKNOWN_NAME,
      line: '',
      catalogVersion: catalogField('version'),
      catalogHash: catalogField('hash'),
      agent: false,
      refusals: [
        { ruleId: 'pre-review-unavailable', reason: UNAVAILABLE, whereInstead: DESK, basis: PRACTICE },
      ],
      problems: [],
      unanswered: [],
      promised: [],
      materials: [],
      evaluatedAt: new Date().toISOString(),
    };
  }
}
