import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../common/session.ts';
import { silentLogger } from '../../../common/log.ts';
import { EventBus } from '../../../main/services/event-bus.ts';
import { SessionService, type IdlePolicy } from '../../../main/services/session.ts';

const card = {
  kind: 'resident' as const,
  name: '张三',
  maskedIdNumber: '110***********123X',
  expired: false,
};

function world(policy: Partial<IdlePolicy> = {}) {
  let clock = Date.parse('2025-06-06T10:00:00Z');
  const bus = new EventBus();
  const views: SessionView[] = [];
  bus.on('session:changed', (view) => views.push(view));
  const session = new SessionService(bus, silentLogger, {
    policy: { idleMs: 10_000, elderlyIdleMs: 30_000, countdownMs: 4_000, ...policy },
    now: () => new Date(clock),
    tickMs: 0,
  });
  const advance = (ms: number) => {
    for (let step = 0; step < ms; step += 250) {
      clock += Math.min(250, ms - step);
      session.tick();
    }
  };
  return { bus, session, views, advance };
}

describe('idle reset', () => {
  it('counts down in the last seconds, then ends the session', () => {
    const { session, views, advance } = world();
    session.beginWithCard(card);
    advance(5_000);
    expect(session.current().countdown ?? null).toBeNull();
    advance(1_250);
    expect(session.current().countdown).toEqual({ seconds: 4 });
    advance(2_000);
    expect(session.current().countdown).toEqual({ seconds: 2 });
    advance(2_000);
    expect(session.current()).toMatchObject({ id: null, stage: 'attract', card: null });
    // Each second of the countdown was announced once.
    expect(views.filter((view) => view.countdown).map((view) => view.countdown!.seconds)).toEqual([
      4, 3, 2, 1,
    ]);
  });

  it('a tap stops the countdown and starts the idle time again', () => {
    const { session, advance } = world();
    session.beginWithCard(card);
    advance(7_000);
    expect(session.current().countdown).not.toBeNull();
    session.touch();
    expect(session.current().countdown).toBeNull();
    advance(9_000);
    expect(session.current().id).not.toBeNull();
    advance(1_000);
    expect(session.current().id).toBeNull();
  });

  it('gives elderly mode the longer time limit, for this session only', () => {
    const { session, advance } = world();
    session.beginWithCard(card);
    session.touch({ elderly: true });
    advance(20_000);
    expect(session.current().id).not.toBeNull();
    advance(10_000);
    expect(session.current().id).toBeNull();
    session.beginWithCard(card);
    advance(10_000);
    expect(session.current().id).toBeNull();
  });

  it('never ends while paper is printing, and restarts the idle time after it', async () => {
    const { session, advance } = world();
    session.beginWithCard(card);
    advance(8_000);
    expect(session.current().countdown).not.toBeNull();
    let finish!: () => void;
    const printing = session.whilePrinting(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(session.current().countdown).toBeNull();
    advance(60_000);
    expect(session.current().id).not.toBeNull();
    expect(session.current().countdown).toBeNull();
    finish();
    await printing;
    advance(9_000);
    expect(session.current().id).not.toBeNull();
    advance(1_000);
    expect(session.current().id).toBeNull();
  });

  it('ends on card removal only when configured, and not while printing', async () => {
    const off = world();
    off.session.beginWithCard(card);
    off.bus.emit('idcard:removed', { at: new Date().toISOString() });
    expect(off.session.current().id).not.toBeNull();

    const on = world({ endOnCardRemoval: true });
    on.session.beginWithCard(card);
    let finish!: () => void;
    const printing = on.session.whilePrinting(() => new Promise<void>((resolve) => (finish = resolve)));
    on.bus.emit('idcard:removed', { at: new Date().toISOString() });
    expect(on.session.current().id).not.toBeNull();
    finish();
    await printing;
    expect(on.session.current().id).toBeNull();

    on.session.beginWithCard(card);
    on.bus.emit('idcard:removed', { at: new Date().toISOString() });
    expect(on.session.current().id).toBeNull();
  });

  it('a card placed during a no-card session replaces it without passing through attract', () => {
    const { session, views } = world();
    session.beginWithoutCard();
    expect(session.current()).toMatchObject({ stage: 'no-card', card: null });
    const noCardId = session.current().id;
    session.beginWithCard(card);
    expect(session.current()).toMatchObject({ stage: 'identified', card });
    expect(session.current().id).not.toBe(noCardId);
    expect(views.some((view) => view.id === null)).toBe(false);
  });

  it('nothing happens with nobody at the kiosk', () => {
    const { views, advance } = world();
    advance(60_000);
    expect(views).toEqual([]);
  });
});
