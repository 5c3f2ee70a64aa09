// The citizen's path after the card: for whom, the applicant (a second card, a typed identity, or a
// company), choose an item, check the prefilled form, answer each material, get the offline
// pre-review, and take the paper. State lives here, in main, so a screen reload resumes where the
// person was; the screen only ever sees FlowView (no full ID number).
//
// Every rule judges the APPLICANT. The card read first belongs to whoever stands at the kiosk; when
// they act for someone else it is recorded as the agent's and proves only the agent's identity.
import { randomBytes } from 'node:crypto';
import type {
  ApplicantView,
  CatalogView,
  FieldView,
  FlowView,
  Localized,
  MaterialView,
  PrintedView,
  ResultView,
} from '../../common/citizen.ts';
import type { SessionView } from '../../common/session.ts';
import type { Locale } from '../../common/contract/system.ts';
import { registrationChoices } from '../../domain/identity/registration.ts';
import { chinaCalendarDate } from '../../domain/identity/dates.ts';
import { maskIdNumber, type IdCard } from '../../domain/identity/index.ts';
import type { PrintDocument } from '../../hardware/printer/document.ts';
import type { PrintOutcome } from '../../hardware/printer/driver.ts';
import type { CreditRestrictions } from '../credit/credit-restrictions.ts';
import { printFailureKey } from '../devices/printer-device.ts';
import { printFailureMessage, type CutShortHelp } from '../queue/paper-archive.ts';
import { KioskError } from '../errors.ts';
import type { Logger } from '../../common/log.ts';
import type { PeopleAheadBasis } from '../queue/estimate.ts';
import {
  applicableFields,
  applicableMaterials,
  buildFacts,
  categories,
  evaluate,
  isUnifiedSocialCreditCode,
  prefillForm,
  searchItems,
  validateField,
  type AgentRelation,
  type ApplicantInput,
  type CatalogHolder,
  type Checklist,
  type Facts,
  type PreReviewResult,
  TYPED_CARD,
} from '../prereview/index.ts';
import {
  renderBlankForm,
  renderCommitmentLetter,
  renderCorrectionSlip,
  renderNotAcceptedSlip,
  type SlipParties,
} from '../prereview/slips/outcome-slips.ts';
import {
  applicantAge,
  applicantRegistration,
  creditSubject,
  registrationUnknown,
  type Applicant,
  type Party,
} from './applicant.ts';
import type { SessionService } from './session.ts';
import { typedIdentity } from './typed-identity.ts';

/** The sentence for a slip that did not print: a slip cut short says what its help call achieved. */
function failureOf(
  outcome: Extract<PrintOutcome, { ok: false }> & { help?: CutShortHelp },
): Pick<PrintedView, 'errorKey' | 'errorParams'> {
  const { key, params } = printFailureMessage(outcome, printFailureKey);
  return { errorKey: key, ...(params && { errorParams: params }) };
}

/** Issues and prints a queue ticket for a passed pre-review (the queue service implements it). */
export interface TicketIssuer {
  issueForPreReview(request: {
    line: string;
    reference: string;
    idNumber: string;
    /** The language the citizen chose on screen: the ticket or voucher is printed in it. */
    locale?: Locale;
  }): Promise<
    | {
        ok: true;
        number: string;
        appointment?: { day: string; from: string };
        /** As printed: basis 'hall' = the hall's figure; anything else this kiosk's own count. */
        peopleAhead?: { count: number; basis: PeopleAheadBasis | null };
      }
    | { ok: false; key: string; message: string; number?: string; params?: Record<string, string> }
  >;
}

/** Stores the pre-review record durably (and for sync) before any paper is printed. */
export interface PreReviewRecorder {
  record(entry: {
    reference: string;
    result: PreReviewResult;
    /** The applicant: a person (read or typed) or a company. */
    applicant: Applicant;
    /** The card of whoever applied for the applicant, recorded as the agent's. */
    agent: { card: IdCard; relation: AgentRelation } | null;
    form: Record<string, string>;
    kioskId: string;
  }): void;
}

export interface CitizenFlowOptions {
  catalog: CatalogHolder;
  session: SessionService;
  currentCard: () => IdCard | null;
  /** Prints a slip; a slip cut short by the paper says what the help call for it achieved. */
  print: (document: PrintDocument) => Promise<PrintOutcome & { help?: CutShortHelp }>;
  tickets: TicketIssuer | null;
  recorder: PreReviewRecorder;
  hall: { name: string; phone: string; regionCode: string };
  kioskId: string;
  logger: Logger;
  /** The newest verified credit restrictions list; none means nobody is restricted (no list yet). */
  credit?: CreditRestrictions | null;
  now?: () => Date;
  /** 常用事项 from persisted use counts, then the hall's list (main/services/item-usage.ts). */
  usage?: { record(itemCode: string): void; ranked(known: readonly string[]): string[] };
}

interface FlowState {
  sessionId: string;
  itemCode: string;
  form: Record<string, string>;
  /** Fields the person has touched: errors show only for those, until review. */
  touched: Set<string>;
  checklist: Record<string, 'have' | 'missing'>;
  /** The person asked to review with materials unanswered: the screen asks about them first. */
  askUnanswered: boolean;
  /** The applicant declined the commitment and will bring the proofs instead. */
  declineCommitment: boolean;
  result: PreReviewResult | null;
  reference: string | null;
  printed: PrintedView | null;
  showAllErrors: boolean;
}

const referenceAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A reference a clerk can read out or scan: date, and six characters without look-alikes. */
export function newReference(now: Date): string {
  const bytes = randomBytes(6);
  const suffix = [...bytes].map((byte) => referenceAlphabet[byte % referenceAlphabet.length]).join('');
  return `YS${chinaCalendarDate(now).replace(/-/g, '')}${suffix}`;
}

/** A company (identified by its credit code) may be the applicant of this item. */
function isBusinessItem(item: { applicants: { cardTypes: readonly string[] } }): boolean {
  return item.applicants.cardTypes.includes('company');
}

/** The item has a rule on 户籍: only then is a citizen whose address named no district asked. */
function readsRegistration(item: unknown): boolean {
  return JSON.stringify(item).includes('applicant.registrationRegion');
}

/** 「可在本机打印」: a blank form the kiosk prints on the spot (the catalog's flag, or its wording). */
function printableForm(material: { printableForm?: boolean; whereToGet: Localized }): boolean {
  return material.printableForm === true || material.whereToGet['zh-CN'].includes('本机打印');
}

/** The applying unit's own name, under each item's word for it (单位名称, 建设单位, 经营业户): filled
 *  from the company identified on the applicant screen, never typed twice. */
const UNIT_NAME_FIELDS: ReadonlySet<string> = new Set(['unitName', 'builderName', 'operatorName']);

const RELATION_LABEL: Readonly<Record<Locale, Readonly<Record<AgentRelation, string>>>> = {
  'zh-CN': { guardian: '监护人', entrusted: '代办人', representative: '法定代表人' },
  en: { guardian: 'Guardian', entrusted: 'Agent', representative: 'Legal representative' },
};

export class CitizenFlowService {
  private state: FlowState | null = null;
  private party: Party | null = null;
  /** The mobile number typed in this session (issue #15: typed once per session): offered, masked,
   *  on the next item's form. Memory only, per session id; forgotten when the session ends. */
  private sessionMobiles: Array<{ sessionId: string; owner: string; value: string }> = [];
  private readonly useCount = new Map<string, number>();
  private readonly now: () => Date;

  constructor(private readonly options: CitizenFlowOptions) {
    this.now = options.now ?? (() => new Date());
  }

  catalogView(): CatalogView {
    const catalog = this.options.catalog.current();
    const party = this.currentParty();
    const facts = party?.applicant ? this.factsFor(party) : null;
    const items = catalog.items.map((item) => ({
      code: item.code,
      name: item.name,
      department: item.department,
      category: item.category,
      manualEntry: item.manualEntry === true,
      line: item.line,
      unavailable: facts ? this.unavailableBecause(item.code, facts) : null,
    }));
    const mostUsed = this.options.usage
      ? this.options.usage.ranked(items.map((item) => item.code))
      : [...items]
          .sort((a, b) => (this.useCount.get(b.code) ?? 0) - (this.useCount.get(a.code) ?? 0))
          .map((item) => item.code);
    return {
      version: catalog.version,
      categories: categories(catalog).map((group) => ({ id: group.category.id, name: group.category.name })),
      items,
      mostUsed,
    };
  }

  search(query: string): string[] {
    const catalog = this.options.catalog.current();
    const seen = new Set<string>();
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const item of searchItems(catalog, query, locale)) seen.add(item.code);
    }
    return [...seen];
  }

  // ------------------------------------------------------------------ who applies, for whom

  /** The first question after the card: for myself, or for someone else. For someone else the card
   *  just read is the agent's, and the applicant is identified next (after the item is chosen, since
   *  the item decides whether a typed identity or a company may stand for a card). */
  setWhom(whom: 'self' | 'other'): SessionView {
    const session = this.options.session.current();
    const card = this.options.currentCard();
    if (!session.id || !card || this.typedSelf(session.id)) {
      throw new KioskError('conflict', 'Please place your ID card on the reader first.', 'attract.prompt');
    }
    this.party = {
      sessionId: session.id,
      whom,
      agentCard: whom === 'other' ? card : null,
      agentRole: 'entrusted',
      applicant: whom === 'self' ? { kind: 'person', card, identity: 'card' } : null,
      declared: null,
    };
    this.state = null;
    this.options.logger.info('flow.applicant-chosen', { whom });
    return this.options.session.update({ stage: 'identified', flow: this.view() });
  }

  /** A person without a card, for an item that allows it: the typed name and ID number stand in
   *  for the card for this session only (see typed-identity.ts for what that can and cannot prove). */
  startManual(itemCode: string, name: string, idNumber: string): SessionView {
    const session = this.options.session.current();
    if (!session.id || session.card || session.stage !== 'no-card') {
      throw new KioskError(
        'conflict',
        'Typing an identity is only offered to someone without a card.',
        'manual.error.notNoCard',
      );
    }
    const item = this.item(itemCode);
    if (!item.manualEntry) {
      throw new KioskError(
        'forbidden',
        'This service needs the ID card on the reader.',
        'manual.error.notAllowed',
      );
    }
    this.party = {
      sessionId: session.id,
      whom: 'self',
      agentCard: null,
      agentRole: 'entrusted',
      applicant: { kind: 'person', card: typedIdentity(name, idNumber), identity: 'typed' },
      declared: null,
    };
    this.options.logger.info('flow.identity-typed', { item: itemCode });
    return this.chooseItem(itemCode);
  }

  /** A card placed while the applicant's card is awaited: it is the applicant's, not a new session.
   *  Returns false for any other card (the device then starts a new session with it). */
  claimCard(card: IdCard): boolean {
    const session = this.options.session.current();
    const party = this.currentParty();
    if (!party || session.stage !== 'applicant' || party.whom !== 'other' || party.applicant) return false;
    // The agent's own card placed again: still waiting for the applicant's, and no new session.
    if (party.agentCard && party.agentCard.idNumber === card.idNumber) return true;
    party.applicant = { kind: 'person', card, identity: 'card' };
    party.agentRole = this.defaultRole(party);
    this.options.logger.info('flow.applicant-card-read', { kind: card.kind });
    this.afterApplicant();
    return true;
  }

  /** The agent types the applicant's name and number: where the item allows a typed identity, or
   *  for a child who has no card (the household register shows the number; the window checks it). */
  setApplicantTyped(name: string, idNumber: string): SessionView {
    const party = this.requireOther();
    const state = this.requireState();
    const card = typedIdentity(name, idNumber);
    const age = applicantAge({ kind: 'person', card, identity: 'typed' }, this.now());
    const child = age !== null && age < 16;
    if (!this.item(state.itemCode).manualEntry && !child) {
      throw new KioskError(
        'forbidden',
        "This service needs the applicant's ID card on the reader.",
        'applicant.error.cardNeeded',
      );
    }
    party.applicant = { kind: 'person', card, identity: 'typed' };
    party.agentRole = this.defaultRole(party);
    return this.afterApplicant();
  }

  /** A company applies: its unit name and unified social credit code; the person at the kiosk is its
   *  legal representative or someone it entrusted. */
  setApplicantCompany(name: string, creditCode: string): SessionView {
    const party = this.requireOther();
    const state = this.requireState();
    const code = creditCode.trim().toUpperCase();
    if (!isBusinessItem(this.item(state.itemCode))) {
      throw new KioskError(
        'forbidden',
        'This service is for persons, not companies.',
        'applicant.error.notBusiness',
      );
    }
    if (!isUnifiedSocialCreditCode(code)) {
      throw new KioskError('bad-request', 'This is not a valid credit code.', 'applicant.error.creditCode');
    }
    const unitName = name.trim();
    if (unitName.length < 2 || unitName.length > 60) {
      throw new KioskError('bad-request', 'Please type the unit name.', 'applicant.error.unitName');
    }
    party.applicant = { kind: 'company', name: unitName, creditCode: code };
    party.agentRole = 'representative';
    return this.afterApplicant();
  }

  /** How the agent acts: a guardian only for a minor applicant; a representative only for a company. */
  setAgentRole(role: AgentRelation): SessionView {
    const party = this.requireOther();
    const applicant = party.applicant;
    const minor = (applicantAge(applicant, this.now()) ?? 99) < 18;
    const allowed =
      applicant?.kind === 'company'
        ? role !== 'guardian'
        : role === 'entrusted' || (role === 'guardian' && minor);
    if (!allowed)
      throw new KioskError('conflict', 'This role does not fit this applicant.', 'applicant.error.role');
    party.agentRole = role;
    const state = this.requireState();
    state.result = null;
    return this.publish(this.options.session.current().stage);
  }

  /** The citizen's answer when the card's address did not name a district: one of the choices shown. */
  declareRegistration(code: string): SessionView {
    const party = this.currentParty();
    const choices = registrationChoices(this.options.hall.regionCode);
    const offered = [...choices.hallCity, ...choices.otherCities, ...choices.provinces];
    if (!party || !offered.some((choice) => choice.code === code)) {
      throw new KioskError('bad-request', 'Please choose one of the places shown.', 'registration.choose');
    }
    party.declared = code;
    const state = this.requireState();
    if (party.applicant)
      state.form = { ...state.form, ...this.prefill(this.item(state.itemCode), party.applicant) };
    state.result = null;
    return this.publish('form');
  }

  // ------------------------------------------------------------------ item, form, materials

  chooseItem(itemCode: string): SessionView {
    const party = this.currentParty();
    const sessionId = this.options.session.current().id;
    if (!sessionId || !party?.whom) {
      throw new KioskError('conflict', 'Please say for whom you apply first.', 'whom.choose');
    }
    const item = this.item(itemCode);
    if (this.state?.sessionId === sessionId && this.state.itemCode === itemCode) {
      return this.publish(party.applicant ? 'form' : 'applicant');
    }
    this.state = {
      sessionId,
      itemCode,
      form: party.applicant ? this.prefill(item, party.applicant) : {},
      touched: new Set(),
      checklist: {},
      askUnanswered: false,
      declineCommitment: false,
      result: null,
      reference: null,
      printed: null,
      showAllErrors: false,
    };
    this.offerSessionValues(this.state);
    return this.publish(party.applicant ? 'form' : 'applicant');
  }

  setField(fieldId: string, value: string): SessionView {
    const state = this.requireState();
    const field = this.fields(state).find((candidate) => candidate.id === fieldId);
    if (!field) throw new KioskError('not-found', `There is no field ${fieldId} here.`);
    if (this.readOnly(field))
      throw new KioskError('conflict', 'This field comes from the ID card and cannot be changed.');
    state.form[fieldId] = value.trim();
    state.touched.add(fieldId);
    state.result = null;
    if (field.type === 'mobile') this.rememberMobile(state.sessionId, field, state.form[fieldId]!);
    // A field that appears only now (the number for postal delivery) is offered what is known.
    this.offerSessionValues(state);
    return this.publish('form');
  }

  goto(stage: 'identified' | 'applicant' | 'form' | 'materials'): SessionView {
    const sessionId = this.options.session.current().id;
    if (stage === 'identified') {
      // Without a card, "back" from the form is the no-card screen (where the item was chosen); the
      // form stays in the session, so choosing the same item again finds it as it was.
      if (sessionId && this.typedSelf(sessionId)) return this.options.session.update({ stage: 'no-card' });
      return this.options.session.update({ stage: 'identified', flow: this.view() });
    }
    const state = this.requireState();
    const party = this.requireParty();
    if (stage === 'applicant') {
      if (party.whom !== 'other') return this.publish('form');
      // Identify the applicant again (the wrong card was placed): forget the one recorded.
      party.applicant = null;
      party.declared = null;
      state.form = {};
      state.result = null;
      return this.publish('applicant');
    }
    if (!party.applicant) return this.publish('applicant');
    if (stage === 'materials') {
      // The checklist is only worth filling in for a form that is right; otherwise show what is wrong.
      const invalid = this.fieldViews(state, true).some((field) => field.error);
      if (invalid || this.askRegistration(state, party)) {
        state.showAllErrors = true;
        return this.publish('form');
      }
    }
    return this.publish(stage);
  }

  setMaterial(materialId: string | null, answer: 'have' | 'missing'): SessionView {
    const state = this.requireState();
    const materials = this.askedMaterials(state);
    if (materialId === null) {
      for (const material of materials) state.checklist[material.id] = answer;
    } else {
      if (!materials.some((material) => material.id === materialId)) {
        throw new KioskError('not-found', `There is no material ${materialId} for this item.`);
      }
      state.checklist[materialId] = answer;
    }
    state.result = null;
    if (this.unanswered(state).length === 0) state.askUnanswered = false;
    return this.publish('materials');
  }

  /** Pre-reviews the case. With materials still unanswered it asks first (the screen lists them),
   *  unless the person said to count the rest as not brought. */
  review(
    options: { unansweredMissing?: boolean; declineCommitment?: boolean; allHave?: boolean } = {},
  ): SessionView {
    const state = this.requireState();
    const party = this.requireParty();
    if (!party.applicant) return this.publish('applicant');
    if (options.allHave) {
      // "Everything listed is here", said by the person (issue #15: no navigation tap between the
      // form and the review): the form must be right first, as on the way to the checklist.
      const invalid = this.fieldViews(state, true).some((field) => field.error);
      if (invalid || this.askRegistration(state, party)) {
        state.showAllErrors = true;
        return this.publish('form');
      }
      for (const material of this.askedMaterials(state)) state.checklist[material.id] = 'have';
    }
    const unanswered = this.unanswered(state);
    if (unanswered.length > 0) {
      if (!options.unansweredMissing) {
        state.askUnanswered = true;
        return this.publish('materials');
      }
      for (const id of unanswered) state.checklist[id] = 'missing';
    }
    state.askUnanswered = false;
    if (options.declineCommitment !== undefined) state.declineCommitment = options.declineCommitment;
    const facts = this.factsFor(party);
    state.result = evaluate(this.options.catalog.current(), {
      itemCode: state.itemCode,
      facts,
      form: this.formWithCards(state),
      checklist: this.checklist(state),
      declineCommitment: state.declineCommitment,
    });
    state.reference = state.reference ?? newReference(this.now());
    state.showAllErrors = true;
    state.printed = null;
    this.options.logger.info('flow.prereview-done', {
      item: state.itemCode,
      outcome: state.result.outcome,
      agent: party.whom === 'other',
      applicant: party.applicant.kind,
      lines: state.result.problems.length,
      catalogVersion: state.result.catalogVersion,
    });
    return this.publish('outcome');
  }

  /** An applicant offered a commitment may always decline it and bring the proofs instead: the same
   *  case then gives the notice of what to bring. */
  declineCommitment(): SessionView {
    const state = this.requireState();
    if (state.result?.outcome !== 'commitment') {
      throw new KioskError('conflict', 'There is no commitment to decline.', 'flow.noCommitment');
    }
    return this.review({ unansweredMissing: true, declineCommitment: true });
  }

  /** Prints a blank form the catalog promises is printable here (「可在本机打印」). */
  async printBlankForm(materialId: string): Promise<SessionView> {
    const state = this.requireState();
    const material = this.askedMaterials(state).find((candidate) => candidate.id === materialId);
    if (!material || !printableForm(material)) {
      throw new KioskError('not-found', 'There is no printable form for this material.', 'materials.noForm');
    }
    const item = this.item(state.itemCode);
    // Always Chinese, whatever the screen's language: the blank form is the authority's own form, to
    // be filled in and handed in at the window, where only the Chinese form is accepted.
    const outcome = await this.options.print(
      renderBlankForm({
        hallName: this.options.hall.name,
        itemName: item.name['zh-CN'],
        formName: material.name['zh-CN'],
        fields: item.form
          .filter((field) => field.source === undefined)
          .map((field) => ({
            label: field.label['zh-CN'],
            ...(field.hint && { hint: field.hint['zh-CN'] }),
            ...(field.unit && { unit: field.unit['zh-CN'] }),
            ...(field.choices && { choices: field.choices.map((choice) => choice.label['zh-CN']) }),
          })),
        printedAt: this.now(),
      }),
    );
    if (!outcome.ok)
      throw new KioskError(
        'unavailable',
        'The form could not be printed.',
        // After hours nobody is at the desk: the person is not sent there (the slip still waits).
        outcome.help?.reason === 'after-hours' ? 'print.cutShortClosed' : printFailureKey(outcome.code),
      );
    return this.publish('materials');
  }

  /** The confirmation under way, per session (issue #14, finding 9): three parallel requests once
   *  printed three notices and wrote three records; now they all get the first one's answer. */
  private confirming: { sessionId: string; done: Promise<SessionView> } | null = null;

  /** Records the pre-review and prints its paper: a ticket (pass), a 一次性告知单 (notice), a 不予受理
   *  告知书 (not accepted), or ticket and 告知承诺书 (commitment, once the person has accepted it).
   *  Single-flight per session: a confirmation that arrives while one is running waits for it and
   *  shares it. */
  async confirm(commitmentAccepted: boolean): Promise<SessionView> {
    const sessionId = this.requireState().sessionId;
    if (this.confirming?.sessionId === sessionId) return this.confirming.done;
    const done = this.confirmOnce(commitmentAccepted);
    this.confirming = { sessionId, done };
    try {
      return await done;
    } finally {
      if (this.confirming?.done === done) this.confirming = null;
    }
  }

  private async confirmOnce(commitmentAccepted: boolean): Promise<SessionView> {
    const state = this.requireState();
    const party = this.requireParty();
    const applicant = party.applicant;
    const result = state.result;
    if (!result || !state.reference || !applicant)
      throw new KioskError('conflict', 'The pre-review has not been done yet.');
    if (state.printed?.ok) return this.publish('done');
    if (result.outcome === 'commitment' && !commitmentAccepted) {
      throw new KioskError('conflict', 'The commitment must be accepted first.', 'flow.commitmentRequired');
    }
    if (!state.printed) {
      this.options.recorder.record({
        reference: state.reference,
        result,
        applicant,
        agent: party.agentCard ? { card: party.agentCard, relation: party.agentRole } : null,
        form: this.formWithCards(state),
        kioskId: this.options.kioskId,
      });
      this.useCount.set(state.itemCode, (this.useCount.get(state.itemCode) ?? 0) + 1);
      this.options.usage?.record(state.itemCode);
    }
    state.printed = await this.printOutcome(party, applicant, result, state.reference);
    return this.publish(state.printed.ok ? 'done' : 'outcome');
  }

  /** Forgets everything typed and read when the session ends. */
  reset(): void {
    this.state = null;
    this.party = null;
    this.sessionMobiles = [];
  }

  /** Whose number a mobile field holds: the agent's own (an agent field), or the applicant's. */
  private mobileOwner(field: { forAgent?: boolean }): string | null {
    const party = this.currentParty();
    if (field.forAgent === true) return party?.agentCard ? `agent:${party.agentCard.idNumber}` : null;
    const applicant = party?.applicant;
    return applicant ? `applicant:${creditSubject(applicant).id}` : null;
  }

  /** A whole, valid mobile number typed here is offered on the next item of the same session, for
   *  the same person; clearing the field withdraws the offer (the person chose not to give it). */
  private rememberMobile(
    sessionId: string,
    field: Parameters<typeof validateField>[0] & { forAgent?: boolean },
    value: string,
  ) {
    const owner = this.mobileOwner(field);
    if (!owner) return;
    this.sessionMobiles = this.sessionMobiles.filter(
      (entry) => entry.sessionId === sessionId && entry.owner !== owner,
    );
    if (value !== '' && validateField(field, value, this.now()).ok)
      this.sessionMobiles.push({ sessionId, owner, value });
  }

  /** What this session already told the kiosk that no card holds (the mobile number), filled into
   *  a new item's empty fields for the same person. */
  private offerSessionValues(state: FlowState): void {
    for (const field of this.fields(state)) {
      if (field.type !== 'mobile' || (state.form[field.id] ?? '') !== '') continue;
      const owner = this.mobileOwner(field);
      const known = this.sessionMobiles.find(
        (entry) => entry.sessionId === state.sessionId && entry.owner === owner,
      );
      if (known) state.form[field.id] = known.value;
    }
  }

  // ------------------------------------------------------------------ paper

  private parties(party: Party, applicant: Applicant, locale: Locale): SlipParties {
    const agent = party.agentCard
      ? {
          role: RELATION_LABEL[locale][party.agentRole] ?? RELATION_LABEL[locale].entrusted,
          name: party.agentCard.displayName,
          maskedIdNumber: maskIdNumber(party.agentCard.idNumber),
        }
      : undefined;
    if (applicant.kind === 'company') {
      return {
        applicantName: applicant.name,
        applicantId: applicant.creditCode,
        applicantIdLabel: '统一社会信用代码',
        ...(agent && { agent }),
      };
    }
    return {
      applicantName: applicant.card.displayName,
      applicantId: maskIdNumber(applicant.card.idNumber),
      applicantIdLabel: '证件号码',
      identityTyped: applicant.identity === 'typed',
      ...(agent && { agent }),
    };
  }

  private async printOutcome(
    party: Party,
    applicant: Applicant,
    result: PreReviewResult,
    reference: string,
  ): Promise<PrintedView> {
    // The paper speaks the language the citizen chose on screen (the session keeps it); the catalog
    // has every name and reason in both. On English paper each basis also keeps its Chinese original.
    const locale = this.options.session.locale();
    const zh = (text: Localized) => text['zh-CN'];
    const say = (text: Localized) => text[locale];
    const original = (text: Localized) => (locale === 'en' ? { basisOriginal: zh(text) } : {});
    const header = {
      itemName: say(result.itemName),
      reference,
      date: chinaCalendarDate(this.now()),
      hallName: this.options.hall.name,
      hallPhone: this.options.hall.phone,
      ...(locale === 'en' && { locale }),
    };
    const parties = this.parties(party, applicant, locale);
    const paper = async (kind: PrintedView['kind'], document: PrintDocument): Promise<PrintedView> => {
      const outcome = await this.options.print(document);
      return outcome.ok ? { kind, ok: true } : { kind, ok: false, ...failureOf(outcome) };
    };
    if (result.outcome === 'not-accepted') {
      return paper(
        'not-accepted',
        renderNotAcceptedSlip({
          ...header,
          ...parties,
          reasons: result.refusals.map((refusal) => ({
            reason: say(refusal.reason),
            whereInstead: say(refusal.whereInstead),
            basis: say(refusal.basis),
            ...original(refusal.basis),
          })),
        }),
      );
    }
    if (result.outcome === 'notice') {
      return paper(
        'notice',
        renderCorrectionSlip({
          ...header,
          ...parties,
          oneTimeBasis: {
            basis: say(this.options.catalog.current().formBasis),
            ...original(this.options.catalog.current().formBasis),
          },
          lines: result.problems.map((line) =>
            line.kind === 'bring'
              ? {
                  kind: 'bring' as const,
                  name: say(line.name),
                  whatToBring: say(line.whatToBring),
                  whereToGet: say(line.whereToGet),
                  basis: say(line.basis),
                  ...original(line.basis),
                  forAgent: line.forAgent,
                  ...(line.templateUrl && { templateUrl: line.templateUrl }),
                }
              : {
                  kind: line.kind,
                  message: say(line.message),
                  basis: say(line.basis),
                  ...original(line.basis),
                },
          ),
        }),
      );
    }

    if (!this.options.tickets) return { kind: 'ticket', ok: false, errorKey: 'flow.ticketsUnavailable' };
    // The ticket belongs to whoever stands in the queue: the agent when there is one.
    const holder = party.agentCard ?? (applicant.kind === 'person' ? applicant.card : null);
    const ticket = await this.options.tickets.issueForPreReview({
      line: result.line,
      reference,
      locale,
      idNumber: holder?.idNumber ?? (applicant.kind === 'company' ? applicant.creditCode : ''),
    });
    if (!ticket.ok)
      return {
        kind: 'ticket',
        ok: false,
        errorKey: ticket.key,
        ...(ticket.params && { errorParams: ticket.params }),
        ...(ticket.number !== undefined && { ticketNumber: ticket.number }),
      };
    const appointment = ticket.appointment;
    if (result.outcome === 'commitment' && result.commitment) {
      const terms = result.commitment;
      const outcome = await this.options.print(
        renderCommitmentLetter({
          ...header,
          ...parties,
          kinds: terms.kinds,
          ...(terms.licensee && { licensee: terms.licensee }),
          promised: result.promised.map((promise) => ({
            material: say(promise.name),
            kind: promise.kind,
            within: promise.within ? withinText(promise.within, locale) : null,
            deadline: promise.deadline,
          })),
          breach: say(terms.breach),
          handIn: say(terms.handIn),
          basis: say(terms.basis),
          ...original(terms.basis),
          signedAt: this.now(),
        }),
      );
      if (!outcome.ok)
        return {
          kind: 'commitment',
          ok: false,
          ...failureOf(outcome),
          ticketNumber: ticket.number,
        };
      return { kind: 'commitment', ok: true, ticketNumber: ticket.number, appointment, ...ahead(ticket) };
    }
    return { kind: 'ticket', ok: true, ticketNumber: ticket.number, appointment, ...ahead(ticket) };
  }

  // ------------------------------------------------------------------ internals

  private item(itemCode: string) {
    const item = this.options.catalog.current().items.find((candidate) => candidate.code === itemCode);
    if (!item) throw new KioskError('not-found', `There is no service item ${itemCode}.`);
    return item;
  }

  private typedSelf(sessionId: string): boolean {
    const party = this.party;
    return (
      party?.sessionId === sessionId &&
      party.whom === 'self' &&
      party.applicant?.kind === 'person' &&
      party.applicant.identity === 'typed'
    );
  }

  private currentParty(): Party | null {
    const sessionId = this.options.session.current().id;
    return sessionId && this.party?.sessionId === sessionId ? this.party : null;
  }

  private requireParty(): Party {
    const party = this.currentParty();
    if (!party)
      throw new KioskError('conflict', 'Please place your ID card on the reader first.', 'attract.prompt');
    return party;
  }

  private requireOther(): Party {
    const party = this.requireParty();
    if (party.whom !== 'other') {
      throw new KioskError('conflict', 'You apply for yourself.', 'applicant.error.self');
    }
    return party;
  }

  private requireState(): FlowState {
    const party = this.requireParty();
    if (!this.state || this.state.sessionId !== party.sessionId) {
      throw new KioskError('conflict', 'Please choose a service item first.', 'items.choose');
    }
    return this.state;
  }

  /** A minor's parent is their statutory agent; a company is represented; anyone else is entrusted. */
  private defaultRole(party: Party): AgentRelation {
    if (party.applicant?.kind === 'company') return 'representative';
    const age = applicantAge(party.applicant, this.now());
    return age !== null && age < 18 ? 'guardian' : 'entrusted';
  }

  /** The applicant is known: fill the form from their card (never the agent's) and go on to it. */
  private afterApplicant(): SessionView {
    const state = this.requireState();
    const party = this.requireParty();
    if (party.applicant) state.form = this.prefill(this.item(state.itemCode), party.applicant);
    this.offerSessionValues(state);
    state.result = null;
    state.checklist = {};
    return this.publish('form');
  }

  private prefill(
    item: ReturnType<CitizenFlowService['item']>,
    applicant: Applicant,
  ): Record<string, string> {
    if (applicant.kind === 'company') {
      const values: Record<string, string> = {};
      for (const field of item.form) {
        if (field.type === 'uscc') values[field.id] = applicant.creditCode;
        else if (UNIT_NAME_FIELDS.has(field.id)) values[field.id] = applicant.name;
      }
      return values;
    }
    const values = prefillForm(item, applicant.card);
    // A typed identity (no card): the name and number typed a moment ago are not asked again on an
    // item whose form names them without a card source (the replacement of a lost card).
    if (applicant.identity === 'typed') {
      for (const field of item.form) {
        if (field.source !== undefined || values[field.id] !== undefined) continue;
        if (field.type === 'id-number' && field.id === 'idNumber') values[field.id] = applicant.card.idNumber;
        else if (field.type === 'text' && field.id === 'name') values[field.id] = applicant.card.displayName;
      }
    }
    // 户籍 shown on the form is the one read from the address, not the number's issuing place.
    const party = this.currentParty();
    const registration = party ? applicantRegistration(party, this.options.hall.regionCode) : null;
    for (const field of item.form) {
      if (field.source !== 'region') continue;
      if (registration)
        values[field.id] = [registration.province, registration.city, registration.district]
          .filter(Boolean)
          .join(' ');
      else delete values[field.id];
    }
    return values;
  }

  private askRegistration(state: FlowState, party: Party): boolean {
    return registrationUnknown(party) && readsRegistration(this.item(state.itemCode));
  }

  private restricted(applicant: Applicant): boolean {
    const credit = this.options.credit;
    if (!credit) return false;
    return credit.isRestricted(creditSubject(applicant).id, chinaCalendarDate(this.now()));
  }

  private applicantInput(party: Party, applicant: Applicant): ApplicantInput {
    if (applicant.kind === 'company') return { source: 'company', uscc: applicant.creditCode };
    const registration = applicantRegistration(party, this.options.hall.regionCode);
    const registrationRegion = registration?.code ?? null;
    if (applicant.identity === 'card') return { source: 'card', card: applicant.card, registrationRegion };
    return { source: 'typed', cardType: 'resident', idNumber: applicant.card.idNumber, registrationRegion };
  }

  private factsFor(party: Party): Facts {
    const applicant = party.applicant!;
    return buildFacts({
      now: this.now(),
      hall: { regionCode: this.options.hall.regionCode, name: this.options.hall.name },
      applicant: this.applicantInput(party, applicant),
      creditRestricted: this.restricted(applicant),
      agent: party.whom === 'other' ? { card: party.agentCard, relation: party.agentRole } : null,
    });
  }

  /** Why an item cannot be applied for by this applicant at all (its refusals that read nothing
   *  from the form, which is still empty here); null when it may apply. */
  private unavailableBecause(itemCode: string, facts: Facts): Localized | null {
    try {
      const result = evaluate(this.options.catalog.current(), { itemCode, facts, form: {}, checklist: {} });
      if (result.outcome !== 'not-accepted') return null;
      const item = this.options.catalog.current().items.find((candidate) => candidate.code === itemCode);
      const formRules = new Set(
        (item?.eligibility ?? [])
          .filter((rule) => typeof rule !== 'string' && JSON.stringify(rule.rule).includes('"form.'))
          .map((rule) => (typeof rule === 'string' ? rule : rule.id)),
      );
      const refusal = result.refusals.find((candidate) => !formRules.has(candidate.ruleId));
      return refusal?.reason ?? null;
    } catch {
      // An early warning only: the full evaluation at confirmation runs the same rules and reports a
      // catalog that cannot be run as a notice.
      return null;
    }
  }

  private fields(state: FlowState) {
    const party = this.requireParty();
    if (!party.applicant) return [];
    return applicableFields(this.options.catalog.current(), state.itemCode, this.factsFor(party), state.form);
  }

  private allMaterials(state: FlowState) {
    const party = this.requireParty();
    if (!party.applicant) return [];
    return applicableMaterials(
      this.options.catalog.current(),
      state.itemCode,
      this.factsFor(party),
      state.form,
    );
  }

  /** Materials the person is asked about: those no card read here already proves (the engine
   *  says which: the applicant's own card, a company's representative's card, or the agent's card
   *  for the agent's own ID — never the agent's card for the applicant's). */
  private askedMaterials(state: FlowState) {
    return this.allMaterials(state).filter((material) => !material.satisfied);
  }

  private unanswered(state: FlowState): string[] {
    return this.askedMaterials(state)
      .filter((material) => state.checklist[material.id] === undefined)
      .map((material) => material.id);
  }

  private checklist(state: FlowState): Checklist {
    return Object.fromEntries(
      this.allMaterials(state).map((material) => [
        material.id,
        material.satisfied ? 'have' : (state.checklist[material.id] ?? 'missing'),
      ]),
    );
  }

  /** Values the person does not type: the agent's own name and number come from the agent's card
   *  read here; a company applicant's name and credit code from what identified it (so the form
   *  cannot name another unit than the one checked against the credit list). */
  private agentCardValue(field: { id: string; type: string; forAgent: boolean }): string | undefined {
    const party = this.currentParty();
    const applicant = party?.applicant;
    if (applicant?.kind === 'company' && !field.forAgent) {
      if (field.type === 'uscc') return applicant.creditCode;
      if (UNIT_NAME_FIELDS.has(field.id)) return applicant.name;
      // The legal representative standing at the kiosk: their name from their own card.
      const source = (field as { source?: string }).source;
      if (source === 'name' && party?.agentRole === 'representative' && party.agentCard)
        return party.agentCard.displayName;
      return undefined;
    }
    const card = party?.agentCard;
    if (!card || !field.forAgent) return undefined;
    if (field.type === 'id-number') return card.idNumber;
    if (field.type === 'text' && /name/i.test(field.id)) return card.displayName;
    return undefined;
  }

  /** Filled from a card or from the company's identification: shown, not editable. A company's
   *  card-sourced field (its representative's name) is typed unless the representative's own card
   *  was read here. */
  private readOnly(field: { id: string; type: string; forAgent: boolean; source?: string }): boolean {
    if (this.agentCardValue(field) !== undefined) return true;
    const applicant = this.currentParty()?.applicant;
    if (applicant?.kind !== 'person') return false;
    if (applicant.identity === 'card' || field.forAgent) return field.source !== undefined;
    // A typed identity proves only what its number says (birth date, sex), and the name and number
    // typed for it: an address or a nation it cannot know is typed by the person, and the window
    // checks the document.
    const state = this.state;
    if (!state) return field.source !== undefined;
    return this.prefill(this.item(state.itemCode), applicant)[field.id] !== undefined;
  }

  /** The value was read from a card on this kiosk's reader: the agent's own, the representative's,
   *  or the applicant's card (never a typed identity). */
  private fromReadCard(field: { id: string; type: string; forAgent: boolean; source?: string }): boolean {
    const party = this.currentParty();
    const applicant = party?.applicant;
    if (this.agentCardValue(field) !== undefined) {
      // A company's unit name and credit code come from what the agent typed, not from a card.
      return !(applicant?.kind === 'company' && !field.forAgent && field.source !== 'name');
    }
    if (applicant?.kind !== 'person' || applicant.identity !== 'card' || field.source === undefined)
      return false;
    // 户籍 the citizen chose on screen (the address named no district) was not read from the card.
    if (field.source === 'region')
      return applicantRegistration(party!, this.options.hall.regionCode)?.source !== 'declared';
    return true;
  }

  private formWithCards(state: FlowState): Record<string, string> {
    const form = { ...state.form };
    for (const field of this.fields(state)) {
      const value = this.agentCardValue(field);
      if (value !== undefined) form[field.id] = value;
    }
    return form;
  }

  private fieldViews(state: FlowState, allErrors: boolean): FieldView[] {
    return this.fields(state).map((field) => {
      const fromAgentCard = this.agentCardValue(field);
      const value = fromAgentCard ?? state.form[field.id] ?? '';
      const check = validateField(field, value, this.now());
      const showError = allErrors || state.showAllErrors || (state.touched.has(field.id) && value !== '');
      // Offered from earlier in this session and not typed on this form: shown masked, kept or cleared.
      const offered = field.type === 'mobile' && value !== '' && !state.touched.has(field.id);
      const readOnly = this.readOnly(field);
      return {
        id: field.id,
        label: field.label,
        type: field.type,
        required: field.required,
        display:
          field.source === 'idNumber' || field.type === 'id-number'
            ? maskIdNumber(value)
            : offered
              ? maskMobile(value)
              : value,
        readOnly,
        // 「已从身份证读取」 only for what a card read here really supplied: a typed identity, or a
        // company's name and code typed on the applicant screen, are locked but not from a card.
        fromCard: readOnly && this.fromReadCard(field),
        ...(offered && { offered: true }),
        options: field.choices?.map((choice) => ({ value: choice.value, label: choice.label })),
        hint: field.hint,
        ...(field.unit && { unit: field.unit }),
        error: !check.ok && showError ? check.message : null,
      };
    });
  }

  private applicantView(party: Party): ApplicantView | null {
    const applicant = party.applicant;
    if (!applicant) return null;
    if (applicant.kind === 'company') {
      return {
        kind: 'company',
        name: applicant.name,
        id: applicant.creditCode,
        identity: 'none',
        minor: false,
      };
    }
    const age = applicantAge(applicant, this.now());
    return {
      kind: 'person',
      name: applicant.card.displayName,
      id: maskIdNumber(applicant.card.idNumber),
      identity: applicant.identity,
      cardKind: applicant.card.kind,
      minor: age !== null && age < 18,
    };
  }

  private view(): FlowView {
    const party = this.requireParty();
    const state = this.state?.sessionId === party.sessionId ? this.state : null;
    const item = state
      ? this.options.catalog.current().items.find((c) => c.code === state.itemCode)
      : undefined;
    const registration = party.applicant ? applicantRegistration(party, this.options.hall.regionCode) : null;
    const askRegistration = state !== null && this.askRegistration(state, party);
    const materials: MaterialView[] = state
      ? this.askedMaterials(state).map((material) => ({
          id: material.id,
          name: material.name,
          // A typed identity was not read here: never 「已在本机读取」 for the applicant's own card.
          description:
            material.satisfiedByCard === true &&
            !material.forAgent &&
            party.applicant?.kind === 'person' &&
            party.applicant.identity === 'typed'
              ? TYPED_CARD
              : material.description,
          core: material.core,
          // 可容缺 only where a commitment is really possible for this applicant (the engine says
          // false for a restricted applicant and for materials of an item with no commitment).
          promisable: material.promisable,
          forAgent: material.forAgent,
          example: material.example,
          whereToGet: material.whereToGet,
          printableForm: printableForm(material),
          answer: state.checklist[material.id] ?? null,
        }))
      : [];
    const agentCard = party.agentCard;
    return {
      whom: party.whom,
      identityTyped: party.applicant?.kind === 'person' && party.applicant.identity === 'typed',
      itemCode: state?.itemCode ?? null,
      itemName: item?.name ?? null,
      agent: party.whom === 'other',
      agentRole: party.whom === 'other' ? party.agentRole : null,
      agentCard: agentCard
        ? { name: agentCard.displayName, maskedIdNumber: maskIdNumber(agentCard.idNumber) }
        : null,
      applicant: this.applicantView(party),
      applicantOptions: item
        ? { typed: item.manualEntry === true, child: true, company: isBusinessItem(item) }
        : null,
      registration: registration
        ? {
            label: [registration.province, registration.city, registration.district]
              .filter(Boolean)
              .join(' '),
            source: registration.source,
          }
        : null,
      registrationChoices: askRegistration ? registrationChoices(this.options.hall.regionCode) : null,
      fields: state && party.applicant ? this.fieldViews(state, false) : [],
      materials,
      unanswered: state?.askUnanswered ? this.unanswered(state) : [],
      result: state?.result && state.reference ? resultView(state.result, state.reference) : null,
      printed: state?.printed ?? null,
    };
  }

  private publish(stage: SessionView['stage']): SessionView {
    return this.options.session.update({ stage, flow: this.view() });
  }
}

/** 139****5678: a mobile number offered again is shown with its middle hidden (it is personal data). */
function maskMobile(value: string): string {
  return value.length === 11 ? `${value.slice(0, 3)}****${value.slice(7)}` : value;
}

/** "2 个月内", "30 日内", "10 个工作日内": the rule's own unit, as the law writes it. */
function withinText(
  within: { months: number } | { days: number } | { workingDays: number },
  locale: Locale = 'zh-CN',
): string {
  if (locale === 'en') {
    const count = (n: number, unit: string) => `within ${n} ${unit}${n === 1 ? '' : 's'}`;
    if ('months' in within) return count(within.months, 'month');
    if ('workingDays' in within) return count(within.workingDays, 'working day');
    return count(within.days, 'day');
  }
  if ('months' in within) return `${within.months} 个月内`;
  if ('workingDays' in within) return `${within.workingDays} 个工作日内`;
  return `${within.days} 日内`;
}

function resultView(result: PreReviewResult, reference: string): ResultView {
  return {
    outcome: result.outcome,
    reference,
    line: result.line,
    refusals: result.refusals.map((refusal) => ({
      reason: refusal.reason,
      whereInstead: refusal.whereInstead,
      basis: refusal.basis,
    })),
    lines: result.problems.map((line) =>
      line.kind === 'bring'
        ? {
            kind: 'bring' as const,
            message: line.name,
            whatToBring: line.whatToBring,
            whereToGet: line.whereToGet,
            basis: line.basis,
            forAgent: line.forAgent,
            ...(line.templateUrl && { templateUrl: line.templateUrl }),
          }
        : { kind: line.kind, message: line.message, basis: line.basis, forAgent: false },
    ),
    promised: result.promised.map((promise) => ({
      name: promise.name,
      kind: promise.kind,
      within: promise.within ? withinText(promise.within) : null,
      deadline: promise.deadline,
    })),
    commitment: result.commitment
      ? {
          kinds: result.commitment.kinds,
          breach: result.commitment.breach,
          handIn: result.commitment.handIn,
          ...(result.commitment.licensee && { licensee: result.commitment.licensee }),
        }
      : null,
  };
}

/** The people-ahead figure the ticket printed, for the done screen to say the same. */
function ahead(ticket: {
  peopleAhead?: { count: number; basis: PeopleAheadBasis | null };
}): Pick<PrintedView, 'peopleAhead' | 'peopleAheadBasis'> {
  return ticket.peopleAhead
    ? { peopleAhead: ticket.peopleAhead.count, peopleAheadBasis: ticket.peopleAhead.basis }
    : {};
}
