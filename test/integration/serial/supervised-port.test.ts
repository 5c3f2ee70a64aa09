import { afterEach, describe, expect, it } from 'vitest';
import type { SerialPort } from 'serialport';
import { PortClosedError, PortTimeoutError, type PortIo } from '../../../hardware/serial/index.ts';
import { collect, delay, echo, makeRig, openDevice, waitForState, type Rig } from './helpers.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.cleanup();
  rig = undefined;
});

/** Answers each request byte b with the two bytes [b, b + 1] after `replyDelayMs`. */
function answerAfter(device: SerialPort, replyDelayMs: (request: number) => number): void {
  device.on('data', (chunk: Buffer) => {
    for (const request of chunk) {
      setTimeout(() => device.write(Buffer.from([request, request + 1])), replyDelayMs(request));
    }
  });
}

function ask(request: number): (io: PortIo) => Promise<Buffer> {
  return async (io) => {
    await io.write(Buffer.from([request]));
    return io.read(collect(2), 1000);
  };
}

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

  it('runs jobs one at a time in the order they were submitted', async () => {
    rig = await makeRig('fifo');
    // Later requests are answered faster, so any overlap between jobs would mix the answers up.
    answerAfter(rig.device, (request) => 60 - request * 10);
    const events: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const jobs = [1, 2, 3, 4].map((request) =>
      rig!.host.run(async (io) => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        events.push(`start ${request}`);
        const answer = await ask(request)(io);
        events.push(`end ${request}`);
        running -= 1;
        return [...answer];
      }, 2000),
    );
    const answers = await Promise.all(jobs);
    expect(answers).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
    ]);
    expect(maxRunning).toBe(1);
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3', 'start 4', 'end 4']);
  });

  it('frees the queue when a job times out, and never hands its late reply to the next command', async () => {
    rig = await makeRig('stale');
    // Request 0x10 is answered late (after its job gave up); every other request at once.
    answerAfter(rig.device, (request) => (request === 0x10 ? 150 : 0));
    const host = rig.host;

    const slow = host.run(ask(0x10), 60);
    // Queued behind the slow job: starts when it times out, waits past the late reply, then asks.
    const next = host.run(async (io) => {
      await delay(200);
      return ask(0x20)(io);
    }, 2000);
    await expect(slow).rejects.toBeInstanceOf(PortTimeoutError);
    expect([...(await next)]).toEqual([0x20, 0x21]);

    // The late reply arrives between jobs.
    const between = host.run(ask(0x10), 60);
    await expect(between).rejects.toThrow(/did not finish within 60 ms/);
    await delay(200);
    expect([...(await host.run(ask(0x30), 2000))]).toEqual([0x30, 0x31]);
  });

  it('keeps bytes that arrive while a job is busy for that job’s next read, and discards them on request', async () => {
    rig = await makeRig('buffer');
    const device = rig.device;
    device.on('data', () => device.write(Buffer.from('abc')));
    const [kept, fresh] = await rig.host.run(async (io) => {
      await io.write(Buffer.from('?'));
      await delay(50);
      const keptBytes = await io.read(collect(3), 500);
      await io.write(Buffer.from('?'));
      await delay(50);
      io.discardInput();
      const late = io.read(collect(1), 100).catch((error: unknown) => error);
      return [keptBytes, await late];
    }, 2000);
    expect(kept?.toString()).toBe('abc');
    expect(fresh).toBeInstanceOf(PortTimeoutError);
  });

  it('makes a timed-out job’s port access fail instead of disturbing the next job', async () => {
    rig = await makeRig('late-io');
    const seenByDevice: Buffer[] = [];
    rig.device.on('data', (chunk: Buffer) => seenByDevice.push(chunk));
    let lateWrite: Promise<unknown> | undefined;
    let signalAbortedAtEnd: boolean | undefined;
    const job = rig.host.run(async (io) => {
      await delay(100);
      signalAbortedAtEnd = io.signal?.aborted;
      lateWrite = io.write(Buffer.from('late')).catch((error: unknown) => error);
    }, 30);
    await expect(job).rejects.toBeInstanceOf(PortTimeoutError);
    await delay(120);
    expect(signalAbortedAtEnd).toBe(true);
    expect(await lateWrite).toBeInstanceOf(PortTimeoutError);
    expect(Buffer.concat(seenByDevice).toString()).toBe('');
  });

  it('rejects with the job’s own error and carries on with the next job', async () => {
    rig = await makeRig('job-error');
    echo(rig.device);
    await expect(
      rig.host.run(async () => {
        throw new Error('checksum mismatch');
      }, 1000),
    ).rejects.toThrow('checksum mismatch');
    const reply = await rig.host.run(async (io) => {
      await io.write(Buffer.from('ok'));
      return io.read(collect(2), 1000);
    }, 1000);
    expect(reply.toString()).toBe('ok');
  });

  it('detects an unplug, keeps retrying with a plain reason, and reopens on plug without a new instance', async () => {
    rig = await makeRig('unplug');
    echo(rig.device);
    const { host, link } = rig;
    const inFlight = host.run(async (io) => {
      await io.write(Buffer.from('x'));
      return io.read(() => undefined, 5000);
    }, 10_000);
    const inFlightFails = expect(inFlight).rejects.toBeInstanceOf(PortClosedError);

    await link.unplug();
    await inFlightFails;
    await waitForState(host, 'backoff');
    expect(host.lastError).toMatch(/^Port .*unplug-host (was disconnected|does not exist)/);
    await expect(host.run(async () => 'never', 1000)).rejects.toThrow(/port is not open: Port .*unplug-host/);

    // A few retries while the cable is out, each failing with a sentence, not an errno.
    await delay(300);
    const failedAttempts = rig.states.filter(([state]) => state === 'opening').length;
    expect(failedAttempts).toBeGreaterThanOrEqual(3);
    expect(host.lastError).toBe(`Port ${link.hostPath} does not exist (unplugged?)`);

    await link.plug();
    await rig.device.close();
    rig.device = await openDevice(link.devicePath);
    echo(rig.device);
    await waitForState(host, 'open');
    expect(host.lastError).toBeUndefined();
    const reply = await host.run(async (io) => {
      await io.write(Buffer.from('back'));
      return io.read(collect(4), 1000);
    }, 2000);
    expect(reply.toString()).toBe('back');
  });

  it('notices the unplug of an idle port that has already exchanged data', async () => {
    // After a hang-up a tty reads as end of file; serialport 13 alone would retry that read forever.
    rig = await makeRig('idle-unplug');
    echo(rig.device);
    await rig.host.run(async (io) => {
      await io.write(Buffer.from('hi'));
      await io.read(collect(2), 1000);
    }, 2000);
    await delay(20);
    await rig.link.unplug();
    await waitForState(rig.host, 'backoff', 1000);
    expect(rig.host.lastError).toMatch(/was disconnected|does not exist/);
  });

  it('fails a write that races an unplug instead of hanging', async () => {
    rig = await makeRig('write-unplug');
    const { host, link } = rig;
    const writer = host.run(async (io) => {
      for (;;) {
        await io.write(Buffer.alloc(64, 0x55));
        await delay(1);
      }
    }, 10_000);
    const writerFails = expect(writer).rejects.toBeInstanceOf(PortClosedError);
    await delay(50);
    await link.unplug();
    await writerFails;
    await waitForState(host, 'backoff');
    expect(host.lastError).toMatch(/unplug/);
  });

  it('reconnects when the device stops answering the heartbeat although the port never reported an error', async () => {
    let answering = true;
    rig = await makeRig('heartbeat', {
      heartbeat: {
        intervalMs: 60,
        failuresBeforeReconnect: 2,
        probe: async (io) => {
          await io.write(Buffer.from('?'));
          await io.read((chunk) => (chunk.includes(0x21) ? true : undefined), 40);
        },
      },
    });
    const device = rig.device;
    device.on('data', (chunk: Buffer) => {
      if (answering && chunk.includes(0x3f)) device.write('!');
    });
    const { host } = rig;
    await delay(250);
    expect(host.state).toBe('open');

    answering = false;
    await waitForState(host, 'backoff', 2000);
    expect(host.lastError).toMatch(
      /stopped answering \(2 health checks failed; last: The heartbeat device did not/,
    );

    answering = true;
    await waitForState(host, 'open', 2000);
    await delay(300);
    expect(host.state).toBe('open');
    expect(host.lastError).toBeUndefined();
  });

  it('changes the baud rate of an open pseudo-terminal and keeps working', async () => {
    rig = await makeRig('baud', { paceWrites: true });
    echo(rig.device);
    const { host } = rig;
    const timeWrite = async (): Promise<number> =>
      host.run(async (io) => {
        const started = performance.now();
        await io.write(Buffer.alloc(96, 0x41));
        await io.read(collect(96), 2000);
        return performance.now() - started;
      }, 3000);

    const slow = await timeWrite();
    await host.setBaudRate(115200);
    expect(host.baudRate).toBe(115200);
    const fast = await timeWrite();
    // 96 bytes: 100 ms at 9600 baud, 8.3 ms at 115200.
    expect(slow).toBeGreaterThan(95);
    expect(fast).toBeLessThan(50);
  });
});
