// The citizen's path after the card: choose an item, check the prefilled form, tick off the
// materials, get the offline pre-review, and take the paper. State lives here, in main, so a
// screen reload resumes where the person was; the screen only ever sees FlowView (no full ID).
import { randomBytes } from 'node:crypto';
import type {
  CatalogView,
  FieldView,
  FlowView,
  Localized,
  MaterialView,
  PrintedView,
  ResultView,
} from '../../common/citizen.ts';
import type { SessionView } from '../../common/session.ts';
import { chinaCalendarDate } from '../../domain/identity/dates.ts';
import { maskIdNumber, type IdCard } from '../../domain/identity/index.ts';
import type { PrintDocument } from '../../hardware/printer/document.ts';
import { renderCommitmentSlip } from '../prereview/slips/commitment-slip.ts';
import { renderNoticeSlip } from '../prereview/slips/notice-slip.ts';
import type { PrintOutcome } from '../../hardware/printer/driver.ts';
import { printFailureKey } from '../devices/printer-device.ts';
import { KioskError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import {
  applicableFields,
  applicableMaterials,
  buildFacts,
  cardTypeOf,
  categories,
  evaluate,
  prefillForm,
  searchItems,
  validateField,
  type CatalogHolder,
  type Checklist,
  type Facts,
  type PreReviewResult,
} from '../prereview/index.ts';
import type { SessionService } from './session.ts';
import { typedIdentity } from './typed-identity.ts';

/** Issues and prints a queue ticket for a passed pre-review (the queue service implements it). */
export interface TicketIssuer {
  issueForPreReview(request: {
    line: string;
    reference: string;
    idNumber: string;
  }): Promise<
    | { ok: true; number: string; appointment?: { day: string; from: string } }
    | { ok: false; key: string; message: string; number?: string }
  >;
}

/** Stores the pre-review record durably (and for sync) before any paper is printed. */
export interface PreReviewRecorder {
  record(entry: {
    reference: string;
    result: PreReviewResult;
    card: IdCard;
    form: Record<string, string>;
    kioskId: string;
    /** Read from the card, or typed by a person without one (the window checks the document). */
    identity: 'card' | 'typed';
  }): void;
}

export interface CitizenFlowOptions {
  catalog: CatalogHolder;
  session: SessionService;
  currentCard: () => IdCard | null;
  print: (document: PrintDocument) => Promise<PrintOutcome>;
  tickets: TicketIssuer | null;
  recorder: PreReviewRecorder;
  hall: { name: string; phone: string; regionCode: string };
  kioskId: string;
  logger: Logger;
  now?: () => Date;
}

interface FlowState {
  sessionId: string;
  itemCode: string;
  agent: boolean;
  form: Record<string, string>;
  /** Fields the person has touched: errors show only for those, until review. */
  touched: Set<string>;
  checklist: Record<string, 'have' | 'missing'>;
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

export class CitizenFlowService {
  private state: FlowState | null = null;
  /** An identity typed by a person without a card, for their session only. */
  private typed: { sessionId: string; card: IdCard } | null = null;
  private readonly useCount = new Map<string, number>();
  private readonly now: () => Date;

  constructor(private readonly options: CitizenFlowOptions) {
    this.now = options.now ?? (() => new Date());
  }

  catalogView(): CatalogView {
    const catalog = this.options.catalog.current();
    const items = catalog.items.map((item) => ({
      code: item.code,
      name: item.name,
      department: item.department,
      category: item.category,
      manualEntry: item.manualEntry === true,
      line: item.line,
    }));
    const mostUsed = [...items]
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
    const item = this.options.catalog.current().items.find((candidate) => candidate.code === itemCode);
    if (!item) throw new KioskError('not-found', `There is no service item ${itemCode}.`);
    if (!item.manualEntry) {
      throw new KioskError(
        'forbidden',
        'This service needs the ID card on the reader.',
        'manual.error.notAllowed',
      );
    }
    this.typed = { sessionId: session.id, card: typedIdentity(name, idNumber) };
    this.options.logger.info('identity typed', { item: itemCode });
    return this.chooseItem(itemCode);
  }

  chooseItem(itemCode: string): SessionView {
    const { card, sessionId } = this.requirePerson();
    const item = this.options.catalog.current().items.find((candidate) => candidate.code === itemCode);
    if (!item) throw new KioskError('not-found', `There is no service item ${itemCode}.`);
    if (this.state?.sessionId === sessionId && this.state.itemCode === itemCode) return this.publish('form');
    this.state = {
      sessionId,
      itemCode,
      agent: false,
      form: prefillForm(item, card),
      touched: new Set(),
      checklist: {},
      result: null,
      reference: null,
      printed: null,
      showAllErrors: false,
    };
    return this.publish('form');
  }

  setAgent(agent: boolean): SessionView {
    const state = this.requireState();
    const item = this.options.catalog.current().items.find((candidate) => candidate.code === state.itemCode);
    if (agent && item && !item.agent.allowed) {
      throw new KioskError('conflict', 'This service must be applied for in person.', 'flow.agentNotAllowed');
    }
    state.agent = agent;
    state.result = null;
    return this.publish(this.options.session.current().stage);
  }

  setField(fieldId: string, value: string): SessionView {
    const state = this.requireState();
    const field = this.fields(state).find((candidate) => candidate.id === fieldId);
    if (!field) throw new KioskError('not-found', `There is no field ${fieldId} here.`);
    if (field.source)
      throw new KioskError('conflict', 'This field comes from the ID card and cannot be changed.');
    state.form[fieldId] = value.trim();
    state.touched.add(fieldId);
    state.result = null;
    return this.publish('form');
  }

  goto(stage: 'identified' | 'form' | 'materials'): SessionView {
    if (stage === 'identified') {
      const { sessionId } = this.requirePerson();
      // Without a card, "back" from the form is the no-card screen (where the item was chosen); the
      // form stays in the session, so choosing the same item again finds it as it was.
      if (this.typed?.sessionId === sessionId) return this.options.session.update({ stage: 'no-card' });
      return this.options.session.update({
        stage: 'identified',
        flow: this.state ? this.view(this.state) : null,
      });
    }
    const state = this.requireState();
    if (stage === 'materials') {
      // The checklist is only worth filling in for a form that is right; otherwise show what is wrong.
      const invalid = this.fieldViews(state, true).some((field) => field.error);
      if (invalid) {
        state.showAllErrors = true;
        return this.publish('form');
      }
    }
    return this.publish(stage);
  }

  setMaterial(materialId: string | null, answer: 'have' | 'missing'): SessionView {
    const state = this.requireState();
    const materials = this.materials(state);
    if (materialId === null) {
      for (const material of materials) state.checklist[material.id] = answer;
    } else {
      if (!materials.some((material) => material.id === materialId)) {
        throw new KioskError('not-found', `There is no material ${materialId} for this item.`);
      }
      state.checklist[materialId] = answer;
    }
    state.result = null;
    return this.publish('materials');
  }

  review(): SessionView {
    const state = this.requireState();
    const facts = this.facts(state);
    const checklist: Checklist = Object.fromEntries(
      this.materials(state).map((material) => [
        material.id,
        material.satisfied ? 'have' : (state.checklist[material.id] ?? 'missing'),
      ]),
    );
    state.result = evaluate(this.options.catalog.current(), {
      itemCode: state.itemCode,
      facts,
      form: state.form,
      checklist,
    });
    state.reference = state.reference ?? newReference(this.now());
    state.showAllErrors = true;
    this.options.logger.info('pre-review', {
      item: state.itemCode,
      outcome: state.result.outcome,
      problems: state.result.problems.length,
      catalogVersion: state.result.catalogVersion,
    });
    return this.publish('outcome');
  }

  /** The confirmation under way, per session (issue #14, finding 9): three parallel requests once
   *  printed three notices and wrote three records; now they all get the first one's answer. */
  private confirming: { sessionId: string; done: Promise<SessionView> } | null = null;

  /** Records the pre-review and prints its paper: a ticket (pass), a notification slip (notice),
   *  or ticket and commitment slip (commitment, once the person has accepted it). Single-flight
   *  per session: a confirmation that arrives while one is running waits for it and shares it. */
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
    const { card } = this.requirePerson();
    const result = state.result;
    if (!result || !state.reference)
      throw new KioskError('conflict', 'The pre-review has not been done yet.');
    if (state.printed?.ok) return this.publish('done');
    if (result.outcome === 'commitment' && !commitmentAccepted) {
      throw new KioskError('conflict', 'The commitment must be accepted first.', 'flow.commitmentRequired');
    }
    if (!state.printed) {
      this.options.recorder.record({
        reference: state.reference,
        result,
        card,
        form: state.form,
        kioskId: this.options.kioskId,
        identity: this.typed?.sessionId === state.sessionId ? 'typed' : 'card',
      });
      this.useCount.set(state.itemCode, (this.useCount.get(state.itemCode) ?? 0) + 1);
    }
    state.printed = await this.printOutcome(state, result, card, state.reference);
    return this.publish(state.printed.ok ? 'done' : 'outcome');
  }

  /** Forgets everything typed when the session ends. */
  reset(): void {
    this.state = null;
    this.typed = null;
  }

  private async printOutcome(
    state: FlowState,
    result: PreReviewResult,
    card: IdCard,
    reference: string,
  ): Promise<PrintedView> {
    const itemName = result.itemName['zh-CN'];
    const masked = maskIdNumber(card.idNumber);
    if (result.outcome === 'notice' || result.outcome === 'not-accepted') {
      // Transitional (catalog-law): a refusal is printed on the notice slip until prereview-flow's
      // not-accepted slip lands; its lines say why and where to go instead.
      const lines = [
        ...result.refusals.map((refusal) => ({
          title: refusal.reason['zh-CN'],
          whatToBring: refusal.whereInstead['zh-CN'],
          whereToGet: undefined,
          templateUrl: undefined,
        })),
        ...result.problems.map((problem) => ({
          title: problem.kind === 'bring' ? problem.name['zh-CN'] : problem.message['zh-CN'],
          whatToBring: problem.kind === 'bring' ? problem.whatToBring['zh-CN'] : problem.message['zh-CN'],
          whereToGet: problem.kind === 'bring' ? problem.whereToGet['zh-CN'] : undefined,
          templateUrl: problem.kind === 'bring' ? problem.templateUrl : undefined,
        })),
      ];
      const outcome = await this.options.print(
        renderNoticeSlip({
          itemName,
          reference,
          date: chinaCalendarDate(this.now()),
          hallName: this.options.hall.name,
          hallPhone: this.options.hall.phone,
          applicantName: card.displayName,
          maskedIdNumber: masked,
          problems: lines,
        }),
      );
      return outcome.ok
        ? { kind: 'notice', ok: true }
        : { kind: 'notice', ok: false, errorKey: printFailureKey(outcome.code) };
    }

    if (!this.options.tickets) return { kind: 'ticket', ok: false, errorKey: 'flow.ticketsUnavailable' };
    const ticket = await this.options.tickets.issueForPreReview({
      line: result.line,
      reference,
      idNumber: card.idNumber,
    });
    if (!ticket.ok) return { kind: 'ticket', ok: false, errorKey: ticket.key, ticketNumber: ticket.number };
    const appointment = ticket.appointment;
    if (result.outcome === 'commitment') {
      const outcome = await this.options.print(
        renderCommitmentSlip({
          itemName,
          reference,
          // Transitional: full-trust promises owe nothing later and have no due date; the new
          // commitment slip (prereview-flow) prints them with their kind.
          promised: result.promised.flatMap((promise) =>
            promise.deadline === null
              ? []
              : [{ material: promise.name['zh-CN'], deadline: promise.deadline }],
          ),
          signedAt: this.now(),
          applicantName: card.displayName,
          maskedIdNumber: masked,
          hallName: this.options.hall.name,
          hallPhone: this.options.hall.phone,
        }),
      );
      if (!outcome.ok)
        return {
          kind: 'commitment',
          ok: false,
          errorKey: printFailureKey(outcome.code),
          ticketNumber: ticket.number,
        };
      return { kind: 'commitment', ok: true, ticketNumber: ticket.number, appointment };
    }
    return { kind: 'ticket', ok: true, ticketNumber: ticket.number, appointment };
  }

  private requirePerson(): { card: IdCard; sessionId: string } {
    const session = this.options.session.current();
    const typed = this.typed && this.typed.sessionId === session.id ? this.typed.card : null;
    const card = typed ?? this.options.currentCard();
    if (!session.id || !card)
      throw new KioskError('conflict', 'Please place your ID card on the reader first.', 'attract.prompt');
    return { card, sessionId: session.id };
  }

  private requireState(): FlowState {
    const { sessionId } = this.requirePerson();
    if (!this.state || this.state.sessionId !== sessionId) {
      throw new KioskError('conflict', 'Please choose a service item first.', 'items.choose');
    }
    return this.state;
  }

  /** Transitional (catalog-law, until prereview-flow's two-card flow): the card on the reader is the
   *  applicant's, or the legal representative's for a business item; the 户籍 is left unknown (the
   *  engine asks) rather than guessed from the ID number. */
  private facts(state: FlowState): Facts {
    const { card } = this.requirePerson();
    const item = this.options.catalog.current().items.find((candidate) => candidate.code === state.itemCode);
    const business = item !== undefined && item.applicants.cardTypes.every((type) => type === 'company');
    const typed = this.typed?.sessionId === state.sessionId;
    return buildFacts({
      now: this.now(),
      hall: { regionCode: this.options.hall.regionCode, name: this.options.hall.name },
      applicant: business
        ? { source: 'company', uscc: typeof state.form.uscc === 'string' ? state.form.uscc : '' }
        : typed
          ? {
              source: 'typed',
              cardType: cardTypeOf(card.kind) as 'resident',
              idNumber: card.idNumber,
              registrationRegion: null,
            }
          : { source: 'card', card, registrationRegion: null },
      agent: business
        ? { card, relation: 'representative' }
        : state.agent
          ? { card: null, relation: 'entrusted' }
          : null,
    });
  }

  private fields(state: FlowState) {
    return applicableFields(this.options.catalog.current(), state.itemCode, this.facts(state), state.form);
  }

  private materials(state: FlowState) {
    return applicableMaterials(this.options.catalog.current(), state.itemCode, this.facts(state), state.form);
  }

  private fieldViews(state: FlowState, allErrors: boolean): FieldView[] {
    return this.fields(state).map((field) => {
      const value = state.form[field.id] ?? '';
      const check = validateField(field, value, this.now());
      const showError = allErrors || state.showAllErrors || (state.touched.has(field.id) && value !== '');
      return {
        id: field.id,
        label: field.label,
        type: field.type,
        required: field.required,
        display: field.source === 'idNumber' || field.type === 'id-number' ? maskIdNumber(value) : value,
        fromCard: field.source !== undefined,
        options: field.choices?.map((choice) => ({ value: choice.value, label: choice.label })),
        hint: field.hint,
        error: !check.ok && showError ? check.message : null,
      };
    });
  }

  private view(state: FlowState): FlowView {
    const item = this.options.catalog.current().items.find((candidate) => candidate.code === state.itemCode);
    const materials: MaterialView[] = this.materials(state)
      .filter((material) => !material.satisfied)
      .map((material) => ({
        id: material.id,
        name: material.name,
        description: material.description,
        core: material.core,
        promisable: material.promisable,
        forAgent: material.forAgent,
        example: material.example,
        whereToGet: material.whereToGet,
        answer: state.checklist[material.id] ?? null,
      }));
    return {
      identityTyped: this.typed?.sessionId === state.sessionId,
      itemCode: state.itemCode,
      itemName: item?.name ?? null,
      agent: state.agent,
      fields: this.fieldViews(state, false),
      materials,
      result: state.result && state.reference ? resultView(state.result, state.reference) : null,
      printed: state.printed,
    };
  }

  private publish(stage: SessionView['stage']): SessionView {
    const state = this.requireState();
    return this.options.session.update({ stage, flow: this.view(state) });
  }
}

function resultView(result: PreReviewResult, reference: string): ResultView {
  return {
    // Transitional (catalog-law): the view keeps its old shape until prereview-flow's screens land; a
    // refusal shows as a notice whose lines say why and where to go instead.
    outcome: result.outcome === 'not-accepted' ? 'notice' : result.outcome,
    reference,
    line: result.line,
    problems: [
      ...result.refusals.map((refusal) => ({
        kind: 'eligibility' as const,
        message: refusal.reason,
        whatToBring: refusal.whereInstead,
      })),
      ...result.problems.map((problem) =>
        problem.kind === 'bring'
          ? {
              kind: 'material' as const,
              message: problem.name,
              whatToBring: problem.whatToBring,
              whereToGet: problem.whereToGet,
              templateUrl: problem.templateUrl,
            }
          : {
              kind: problem.kind === 'fix' ? ('form' as const) : ('eligibility' as const),
              message: problem.message,
            },
      ),
    ],
    promised: result.promised.map((promise) => ({
      name: promise.name as Localized,
      deadline: promise.deadline ?? '',
    })),
  };
}
