// Help that reaches a person. A call from the kiosk is shown at once on the staff desk (an event,
// and the desk's own poll), goes to the central system as an outbox record, and is answered and
// closed at the desk. The person is told "staff are coming" only when a signed-in desk is listening
// during hall hours; otherwise the screen says nobody is on duty and gives the hotline and, when the
// hall is closed, the next opening.
import crypto from 'node:crypto';
import type { HallStatusView } from '../../common/hall.ts';
import type { HelpCallAbout, HelpCallReply, HelpCallView, HelpScreen } from '../../common/help.ts';
import { KioskError } from '../errors.ts';
import type { Logger } from '../../common/log.ts';
import type { OutboxEvent } from '../sync/outbox.ts';

/** A desk counts as listening for this long after it last asked for the calls (it asks every few
 *  seconds while signed in; a closed tab or a logged-out desk stops asking). */
export const deskListeningMs = 15_000;
/** Closed calls stay on the desk's list this long, then only the central record remains. */
const closedShownMs = 30 * 60_000;
const maxCalls = 50;

export interface HelpServiceOptions {
  kioskId: string;
  /** The hall's hotline now (the central system's hall document may change it). */
  hotline: () => string;
  /** The hall's hours now (open, next opening). */
  hall: () => Pick<HallStatusView, 'openNow' | 'nextOpening'>;
  /** The person at the kiosk, if any (a call needs one). */
  sessionId: () => string | null;
  /** The staff member signed in with this token, without touching the desk's idle clock; null when
   *  the token is not (or no longer) a live desk session. (Answering and closing are checked by the
   *  dispatcher, which passes the staff id in.) */
  staffOf: (token: string) => string | null;
  /** The outbox: each call, answer and close is a record for the central system. */
  record: (event: OutboxEvent) => void;
  emit: (channel: 'help:called' | 'help:changed', call: HelpCallView) => void;
  logger: Logger;
  now?: () => Date;
}

export class HelpService {
  private readonly calls: StoredCall[] = [];
  private listening: { token: string; at: number } | null = null;
  private readonly now: () => Date;

  constructor(private readonly options: HelpServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** A signed-in desk asked for the calls within the last few seconds. */
  deskListening(): boolean {
    const listening = this.listening;
    if (!listening) return false;
    if (this.now().getTime() - listening.at > deskListeningMs) return false;
    return this.options.staffOf(listening.token) !== null;
  }

  call(screen: HelpScreen): HelpCallReply {
    const sessionId = this.options.sessionId();
    if (!sessionId) throw new KioskError('conflict', 'Nobody is at the kiosk.', 'help.noSession');
    // The same person tapping again while their call is open does not make a second call.
    return this.raise(
      screen,
      sessionRef(sessionId),
      (call) => call.sessionRef === sessionRef(sessionId) && !call.about,
    );
  }

  /** The printer ran out of paper in the middle of a slip (the paper archive keeps it for reprint):
   *  the kiosk calls staff itself, naming the slip, so that the desk can change the paper and reprint
   *  it. The reply says whether a desk has the call, which decides what the person is told. Needs no
   *  session: the person may have walked off while the paper jammed. */
  slipCutShort(
    paperKind: HelpCallAbout['paperKind'],
    paperId: number,
    reference: string | null = null,
  ): HelpCallReply {
    const about: HelpCallAbout = { reason: 'slip-cut-short', paperId, paperKind, reference };
    const sessionId = this.options.sessionId();
    return this.raise(
      paperKind === 'blank-form' ? 'materials' : 'outcome',
      sessionId ? sessionRef(sessionId) : 'no-session',
      // One call per slip: a second failed reprint of the same slip adds nothing new.
      (call) => call.about?.paperId === paperId,
      about,
    );
  }

  private raise(
    screen: HelpScreen,
    ref: string,
    same: (call: StoredCall) => boolean,
    about?: HelpCallAbout,
  ): HelpCallReply {
    const hall = this.options.hall();
    // A desk signed in after hours still hears the call; the person is told so only if it does.
    const reached = this.deskListening();
    const reason: HelpCallReply['reason'] = reached ? 'reached' : hall.openNow ? 'no-desk' : 'after-hours';
    const open = this.calls.find((call) => call.status !== 'closed' && same(call));
    let view: HelpCallView;
    if (open) {
      open.screen = screen;
      view = publicView(open);
    } else {
      const call: StoredCall = {
        id: crypto.randomUUID(),
        kioskId: this.options.kioskId,
        at: this.now().toISOString(),
        screen,
        status: 'open',
        answeredAt: null,
        answeredBy: null,
        closedAt: null,
        ...(about && { about }),
        sessionRef: ref,
      };
      this.calls.unshift(call);
      this.calls.splice(maxCalls);
      view = publicView(call);
      this.record('called', view, { reached, reason });
      this.options.logger.info('help.called', {
        id: call.id,
        screen,
        reached,
        reason,
        ...(about && { about: about.reason, paperId: about.paperId, paperKind: about.paperKind }),
      });
      this.options.emit('help:called', view);
    }
    return {
      call: view,
      reached,
      reason,
      hotline: this.options.hotline(),
      nextOpening: hall.openNow ? null : hall.nextOpening,
    };
  }

  /** The desk's view of the calls. A desk that asks is listening from now on. */
  list(token: string): HelpCallView[] {
    if (!this.options.staffOf(token))
      throw new KioskError('forbidden', 'Please log in at the staff desk.', 'staff.error.loggedOut');
    this.listening = { token, at: this.now().getTime() };
    return this.recent();
  }

  /** What the technician's screen shows (it does not count as a desk: it cannot answer). */
  recent(): HelpCallView[] {
    const shownAfter = this.now().getTime() - closedShownMs;
    return this.calls
      .filter((call) => call.status !== 'closed' || Date.parse(call.closedAt ?? call.at) >= shownAfter)
      .map(publicView);
  }

  answer(staffId: string, id: string): HelpCallView {
    const call = this.find(id);
    if (call.status !== 'open') return publicView(call);
    call.status = 'answered';
    call.answeredAt = this.now().toISOString();
    call.answeredBy = staffId;
    return this.changed(call, 'answered');
  }

  close(staffId: string, id: string): HelpCallView {
    const call = this.find(id);
    if (call.status === 'closed') return publicView(call);
    if (!call.answeredBy) {
      call.answeredBy = staffId;
      call.answeredAt = this.now().toISOString();
    }
    call.status = 'closed';
    call.closedAt = this.now().toISOString();
    return this.changed(call, 'closed');
  }

  private find(id: string): StoredCall {
    const call = this.calls.find((candidate) => candidate.id === id);
    if (!call) throw new KioskError('not-found', 'No such call.', 'help.error.notFound');
    return call;
  }

  private changed(call: StoredCall, action: 'answered' | 'closed'): HelpCallView {
    const view = publicView(call);
    this.record(action, view, {});
    this.options.logger.info(`help.${action}`, { id: call.id, staffId: call.answeredBy });
    this.options.emit('help:changed', view);
    return view;
  }

  private record(
    action: 'called' | 'answered' | 'closed',
    call: HelpCallView,
    extra: Record<string, unknown>,
  ) {
    // An audit record (the protocol's existing type): the central system sees every call, how long it
    // waited and who answered it. No personal data: the screen name, never the person.
    this.options.record({
      type: 'audit',
      occurredAt: this.now(),
      payload: {
        action: `help-${action}`,
        staffId: action === 'called' ? null : call.answeredBy,
        ticketId: null,
        kioskId: call.kioskId,
        detail: {
          callId: call.id,
          screen: call.screen,
          at: call.at,
          status: call.status,
          ...(call.about && { about: call.about }),
          ...extra,
        },
      },
    });
  }
}

interface StoredCall extends HelpCallView {
  /** Which session called (hashed: the session id itself never leaves this module). */
  sessionRef: string;
}

function sessionRef(sessionId: string): string {
  return crypto.createHash('sha256').update(sessionId).digest('hex').slice(0, 16);
}

function publicView(call: StoredCall): HelpCallView {
  return {
    id: call.id,
    kioskId: call.kioskId,
    at: call.at,
    screen: call.screen,
    status: call.status,
    answeredAt: call.answeredAt,
    answeredBy: call.answeredBy,
    closedAt: call.closedAt,
    ...(call.about && { about: call.about }),
  };
}
