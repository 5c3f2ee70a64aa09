import { describe, expect, it } from 'vitest';
import { deskListeningMs, HelpService } from '../../../main/help/help-service.ts';
import type { OutboxEvent } from '../../../main/sync/outbox.ts';
import { KioskError } from '../../../main/errors.ts';
import { silentLogger } from '../../../common/log.ts';

const silent = silentLogger;

function setup(options: { openNow?: boolean } = {}) {
  let now = new Date('2026-11-30T02:00:00Z');
  const records: OutboxEvent[] = [];
  const events: Array<[string, unknown]> = [];
  const desk = { token: 'desk-token', staffId: '1001', live: true };
  const help = new HelpService({
    kioskId: 'K-1',
    hotline: () => '12345',
    hall: () => ({
      openNow: options.openNow ?? true,
      nextOpening: options.openNow === false ? { day: '2026-12-01', from: '08:30' } : null,
    }),
    sessionId: () => 'session-1',
    staffOf: (token) => (desk.live && token === desk.token ? desk.staffId : null),
    record: (event) => records.push(event),
    emit: (channel, call) => events.push([channel, call]),
    logger: silent,
    now: () => now,
  });
  return { help, records, events, desk, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('HelpService', () => {
  it('never says staff were told while no desk is listening', () => {
    const { help, records, events } = setup();
    const reply = help.call('items');
    expect(reply.reached).toBe(false);
    expect(reply.reason).toBe('no-desk');
    expect(reply.hotline).toBe('12345');
    // The call still waits for a desk, and still goes to the central system.
    expect(records).toHaveLength(1);
    expect(records[0]!.type).toBe('audit');
    expect(records[0]!.payload).toMatchObject({ action: 'help-called', kioskId: 'K-1' });
    expect(events[0]![0]).toBe('help:called');
  });

  it('reaches a signed-in desk that is listening, which answers and closes the call', () => {
    const { help, records, events } = setup();
    expect(help.list('desk-token')).toEqual([]);
    const reply = help.call('form');
    expect(reply).toMatchObject({ reached: true, reason: 'reached' });
    const [call] = help.list('desk-token');
    expect(call).toMatchObject({ screen: 'form', status: 'open', kioskId: 'K-1' });
    expect(help.answer('1001', call!.id)).toMatchObject({ status: 'answered', answeredBy: '1001' });
    expect(help.close('1001', call!.id).status).toBe('closed');
    expect(records.map((record) => record.payload.action)).toEqual([
      'help-called',
      'help-answered',
      'help-closed',
    ]);
    expect(events.map(([channel]) => channel)).toEqual(['help:called', 'help:changed', 'help:changed']);
  });

  it('stops counting a desk that stopped listening or logged out', () => {
    const { help, desk, advance } = setup();
    help.list('desk-token');
    advance(deskListeningMs + 1);
    expect(help.call('items').reached).toBe(false);
    help.list('desk-token');
    desk.live = false;
    expect(help.deskListening()).toBe(false);
  });

  it('after hours says so and gives the next opening', () => {
    const { help } = setup({ openNow: false });
    const reply = help.call('outcome');
    expect(reply).toMatchObject({ reached: false, reason: 'after-hours' });
    expect(reply.nextOpening).toEqual({ day: '2026-12-01', from: '08:30' });
  });

  it('a second tap by the same person does not make a second call', () => {
    const { help, records } = setup();
    help.call('items');
    help.call('form');
    expect(records).toHaveLength(1);
    expect(help.recent()).toHaveLength(1);
    expect(help.recent()[0]!.screen).toBe('form');
  });

  it('a slip cut short calls the desk itself, once per slip, naming it; the record carries it too', () => {
    const { help, records, events } = setup();
    help.list('desk-token');
    help.call('outcome');
    const reply = help.slipCutShort('notice', 7, 'YS20261130ABCDEF');
    expect(reply).toMatchObject({ reached: true, reason: 'reached' });
    // Not merged into the person's own open call: the desk must see which slip waits.
    expect(help.recent()).toHaveLength(2);
    expect(reply.call).toMatchObject({
      screen: 'outcome',
      about: { reason: 'slip-cut-short', paperId: 7, paperKind: 'notice', reference: 'YS20261130ABCDEF' },
    });
    help.slipCutShort('notice', 7, 'YS20261130ABCDEF');
    expect(help.recent()).toHaveLength(2);
    expect(records.at(-1)!.payload).toMatchObject({
      action: 'help-called',
      detail: { about: { reason: 'slip-cut-short', paperId: 7 } },
    });
    expect(events.filter(([channel]) => channel === 'help:called')).toHaveLength(2);
  });

  it('a slip cut short after hours is recorded, and the reply says nobody is on duty', () => {
    const { help } = setup({ openNow: false });
    const reply = help.slipCutShort('commitment', 3, null);
    expect(reply).toMatchObject({ reached: false, reason: 'after-hours', hotline: '12345' });
    expect(reply.nextOpening).toEqual({ day: '2026-12-01', from: '08:30' });
    expect(help.recent()[0]!.about).toMatchObject({ paperKind: 'commitment' });
  });

  it('does not count a token that is not a live desk session as listening', () => {
    const { help } = setup();
    expect(() => help.list('maint')).toThrow(KioskError);
    expect(help.call('items').reached).toBe(false);
    expect(() => help.answer('1001', 'no-such-call')).toThrow(KioskError);
  });
});
