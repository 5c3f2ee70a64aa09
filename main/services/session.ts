import { randomUUID } from 'node:crypto';
import type { CardView, SessionEndReason, SessionView } from '../../common/session.ts';
import type { Logger } from '../log/logger.ts';
import type { EventBus } from './event-bus.ts';

const attract: SessionView = { id: null, stage: 'attract', startedAt: null, card: null, flow: null };

/** One citizen at a time. The session holds what the screen may see; the full card stays with
 *  the services that need it and is dropped when the session ends. Later capabilities (items,
 *  form, materials, outcome) extend the stages. */
export class SessionService {
  private view: SessionView = attract;
  private lastActivity = Date.now();

  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  current(): SessionView {
    return this.view;
  }

  /** A card was read: a new session begins with it (a previous one is ended first). */
  beginWithCard(card: CardView): SessionView {
    if (this.view.id) this.end('user');
    this.view = {
      id: randomUUID(),
      stage: 'identified',
      startedAt: this.now().toISOString(),
      card,
      flow: null,
    };
    this.lastActivity = Date.now();
    this.logger.info('session started', { session: this.view.id, cardKind: card.kind });
    this.bus.emit('session:changed', this.view);
    return this.view;
  }

  /** Moves the session on (stage, pre-review state); ignored when nobody is at the kiosk. */
  update(change: Partial<Pick<SessionView, 'stage' | 'flow'>>): SessionView {
    if (!this.view.id) return this.view;
    this.view = { ...this.view, ...change };
    this.lastActivity = Date.now();
    this.bus.emit('session:changed', this.view);
    return this.view;
  }

  touch(): SessionView {
    this.lastActivity = Date.now();
    return this.view;
  }

  idleForMs(): number {
    return Date.now() - this.lastActivity;
  }

  end(reason: SessionEndReason): SessionView {
    if (this.view.id) this.logger.info('session ended', { session: this.view.id, reason });
    this.view = attract;
    this.bus.emit('session:changed', this.view);
    return this.view;
  }
}
