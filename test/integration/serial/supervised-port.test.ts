import { afterEach, describe, expect, it } from 'vitest';
import { collect, echo, makeRig, type Rig } from './helpers.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.cleanup();
  rig = undefined;
});

describe('SupervisedPort on a real pseudo-terminal', () => {
  it('opens the host end and round-trips bytes through a device that echoes', async () => {
    rig = await makeRig('echo');
    echo(rig.device);
    expect(rig.host.state).toBe('open');
    expect(rig.host.path).toBe(rig.link.hostPath);
    expect(rig.host.lastError).toBeUndefined();
    const reply = await rig.host.run(async (io) => {
      await io.write(Buffer.from('hello'));
      return io.read(collect(5), 1000);
    }, 2000);
    expect(reply.toString()).toBe('hello');
  });
});
