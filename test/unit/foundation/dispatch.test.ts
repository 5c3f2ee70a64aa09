import { describe, expect, it } from 'vitest';
import { requestChannels } from '../../../common/channels.ts';
import { KioskError } from '../../../main/errors.ts';
import { createDispatcher, type Authenticator, type Handlers } from '../../../main/host/dispatch.ts';
import { silentLogger } from '../../../main/log/logger.ts';

const view = { id: null, stage: 'attract' as const, startedAt: null, card: null, flow: null };

const refuseAll: Authenticator = {
  authenticate() {
    throw new KioskError('forbidden', 'No sessions in this test.');
  },
};

function handlers(): Handlers {
  const refuse = () => {
    throw new KioskError('forbidden', 'Not in this test.');
  };
  const all = Object.fromEntries(requestChannels.map((channel) => [channel, refuse])) as unknown as Handlers;
  return {
    ...all,
    'system:getInfo': () => {
      throw new Error('secret internals at /home/x');
    },
    'system:getHealth': () => {
      throw new KioskError('unavailable', 'The printer is out of paper.', 'health.printer.paperOut');
    },
    'session:get': () => view,
    'session:end': () => view,
  };
}

describe('dispatcher (the host boundary)', () => {
  const dispatch = createDispatcher(handlers(), { authenticator: refuseAll, logger: silentLogger });

  it('answers a valid request with ok', async () => {
    expect(await dispatch('session:get', {})).toEqual({ ok: true, value: view });
  });

  it('refuses unknown channels with a typed error', async () => {
    expect(await dispatch('fs:readFile', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
    expect(await dispatch(42, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('refuses arguments that do not match the schema, naming the field', async () => {
    const reply = await dispatch('session:end', { reason: 'bored' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(!reply.ok && reply.error.message).toMatch(/session:end is malformed: reason/);
    expect(await dispatch('session:get', { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await dispatch('session:get', 'text')).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
  });

  it('passes a service error through with its sentence and key', async () => {
    expect(await dispatch('system:getHealth', {})).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'The printer is out of paper.', key: 'health.printer.paperOut' },
    });
  });

  it('hides an unexpected exception behind `internal`, without its message', async () => {
    const reply = await dispatch('system:getInfo', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(reply)).not.toContain('/home/x');
  });
});
