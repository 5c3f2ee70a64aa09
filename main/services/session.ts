import { randomUUID } from 'node:crypto';
import type { CardView, SessionEndReason, SessionView } from '../../common/session.ts';
import type { Logger } from '../../common/log.ts';
import type { Locale } from '../../common/contract/system.ts';
import type { EventBus } from './event-bus.ts';

const attract: SessionView = {
  id: null,
  stage: 'attract',
  startedAt: null,
  card: null,
  flow: null,
  countdown: null,
};

/** When a session left alone ends. The countdown is the last part of the idle time, shown on
 *  screen so a person who is still there can tap to stay. */
export interface IdlePolicy {
  idleMs: number;
  /** Elderly mode gives more time to read and decide. */
  elderlyIdleMs: number;
  countdownMs: number;
  /** End the session as soon as the card leaves the reader (some halls want this; most readers are
   *  flat pads people pick their card up from, so it is off by default). */
  endOnCardRemoval: boolean;
}

export const defaultIdlePolicy: IdlePolicy = {
  idleMs: 90_000,
  elderlyIdleMs: 180_000,
  countdownMs: 20_000,
  endOnCardRemoval: false,
};

export interface SessionServiceOptions {
  policy?: Partial<IdlePolicy>;
  now?: () => Date;
  /** How often the idle clock is checked; tests drive `tick()` themselves with 0. */
  tickMs?: number;
  /** The kiosk's language (config `locale`): a person's paper is printed in it until they choose
   *  another on screen. */
  defaultLocale?: Locale;
}

/** One citizen at a time. The session holds what the screen may see; the full card stays with
 *  the services that need it and is dropped when the session ends (every listener of
 *  `session:changed` with no id forgets its copy). The idle clock lives here, not in the screen:
 *  a hung or reloaded screen still ends the session, and nothing ends it while paper prints. */
export class SessionService {
  private view: SessionView = attract;
  private lastActivity: number;
  private elderly = false;
  /** The language the person chose on screen (the renderer says so with every session:touch that
   *  carries it): their slips are printed in it. */
  private chosenLocale: Locale;
  private readonly defaultLocale: Locale;
  private printing = 0;
  private endWhenPrinted: SessionEndReason | null = null;
  private readonly policy: IdlePolicy;
  private readonly now: () => Date;
  private readonly timer: ReturnType<typeof setInterval> | null;
  private readonly stopListening: () => void;

  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
    options: SessionServiceOptions = {},
  ) {
    this.policy = { ...defaultIdlePolicy, ...options.policy };
    this.now = options.now ?? (() => new Date());
    this.defaultLocale = options.defaultLocale ?? 'zh-CN';
    this.chosenLocale = this.defaultLocale;
    this.lastActivity = this.nowMs();
    const tickMs = options.tickMs ?? 250;
    this.timer = tickMs > 0 ? setInterval(() => this.tick(), tickMs) : null;
    this.timer?.unref?.();
    this.stopListening = bus.on('idcard:removed', () => this.cardRemoved());
  }

  current(): SessionView {
    return this.view;
  }

  /** A card was read: a new session begins with it. A session already open (another person's, or
   *  this person's no-card session) is replaced without passing through the attract screen, so the
   *  card just read is not forgotten along with the old session. */
  beginWithCard(card: CardView): SessionView {
    if (this.view.id) this.logger.info('session.ended', { session: this.view.id, reason: 'replaced' });
    return this.begin('identified', card);
  }

  /** "I have no card": a session with nothing personal in it, so the idle clock and the help call
   *  have a session to belong to. */
  beginWithoutCard(): SessionView {
    if (this.view.id && this.view.card) return this.view;
    if (this.view.id) return this.touch();
    return this.begin('no-card', null);
  }

  /** Moves the session on (stage, pre-review state); ignored when nobody is at the kiosk. */
  update(change: Partial<Pick<SessionView, 'stage' | 'flow' | 'rated'>>): SessionView {
    if (!this.view.id) return this.view;
    this.view = { ...this.view, ...change, countdown: null };
    this.lastActivity = this.nowMs();
    this.bus.emit('session:changed', this.view);
    return this.view;
  }

  /** Any tap or key on the screen. Stops a running countdown. The language is kept also at the
   *  attract screen (before a card): the screen says it again as soon as a session starts. */
  touch(options: { elderly?: boolean; locale?: Locale } = {}): SessionView {
    this.lastActivity = this.nowMs();
    if (options.elderly !== undefined) this.elderly = options.elderly;
    if (options.locale !== undefined) this.chosenLocale = options.locale;
    if (this.view.id && this.view.countdown) {
      this.view = { ...this.view, countdown: null };
      this.bus.emit('session:changed', this.view);
    }
    return this.view;
  }

  /** The language this person's paper is printed in: their choice on screen, else the kiosk's. */
  locale(): Locale {
    return this.chosenLocale;
  }

  idleForMs(): number {
    return this.nowMs() - this.lastActivity;
  }

  /** Runs `work` (printing) with the idle reset and card-removal end held off: paper that is coming
   *  out must not lose its screen. The idle time starts again when the work is over. */
  async whilePrinting<T>(work: () => Promise<T>): Promise<T> {
    this.printing += 1;
    if (this.view.countdown) this.touch();
    try {
      return await work();
    } finally {
      this.printing -= 1;
      this.lastActivity = this.nowMs();
      if (this.printing === 0 && this.endWhenPrinted) {
        const reason = this.endWhenPrinted;
        this.endWhenPrinted = null;
        if (this.view.id) this.end(reason);
      }
    }
  }

  isPrinting(): boolean {
    return this.printing > 0;
  }

  /** Checks the idle clock: shows the countdown, then ends the session. Called by the timer. */
  tick(): void {
    if (!this.view.id || this.printing > 0) return;
    const limit = this.elderly ? this.policy.elderlyIdleMs : this.policy.idleMs;
    const idle = this.idleForMs();
    if (idle >= limit) {
      this.end('idle');
      return;
    }
    const left = limit - idle;
    if (left <= this.policy.countdownMs) {
      const seconds = Math.ceil(left / 1000);
      if (this.view.countdown?.seconds !== seconds) {
        this.view = { ...this.view, countdown: { seconds } };
        this.bus.emit('session:changed', this.view);
      }
    }
  }

  end(reason: SessionEndReason): SessionView {
    if (this.view.id) this.logger.info('session.ended', { session: this.view.id, reason });
    this.view = attract;
    this.elderly = false;
    this.chosenLocale = this.defaultLocale;
    this.endWhenPrinted = null;
    this.bus.emit('session:changed', this.view);
    return this.view;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.stopListening();
  }

  private begin(stage: SessionView['stage'], card: CardView | null): SessionView {
    this.view = {
      id: randomUUID(),
      stage,
      startedAt: this.now().toISOString(),
      card,
      flow: null,
      countdown: null,
      rated: false,
      ...(card ? { cardOnReader: true } : {}),
    };
    this.lastActivity = this.nowMs();
    this.elderly = false;
    this.endWhenPrinted = null;
    this.bus.emit('session:changed', this.view);
    // After the screen has it: the log write is synchronous and someone is waiting for their greeting.
    this.logger.info('session.started', { session: this.view.id, cardKind: card?.kind ?? 'none' });
    return this.view;
  }

  private cardRemoved(): void {
    if (this.view.id && this.view.card && this.view.cardOnReader) {
      this.view = { ...this.view, cardOnReader: false };
      this.bus.emit('session:changed', this.view);
    }
    if (!this.policy.endOnCardRemoval || !this.view.id || !this.view.card) return;
    // Once the paper is out the person may still rate the service; the idle clock ends that part.
    if (this.view.stage === 'done' || this.view.stage === 'evaluation') return;
    // The agent takes their card away to place the applicant's: that is the flow, not leaving.
    if (this.view.stage === 'applicant') return;
    if (this.printing > 0) this.endWhenPrinted = 'card-removed';
    else this.end('card-removed');
  }

  private nowMs(): number {
    return this.now().getTime();
  }
}
