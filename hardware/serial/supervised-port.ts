import { EventEmitter } from 'node:events';
import type { Logger } from '../../common/log.ts';
import type { SerialPort } from 'serialport';
import { PortClosedError, PortTimeoutError, describePortError } from './errors.ts';
import { createSerialPort } from './hangup-aware-binding.ts';
import { describeLocator, locatePort, type ListPorts, type PortLocator } from './locator.ts';
import { writePaced } from './pacing.ts';

export type PortState = 'stopped' | 'opening' | 'open' | 'backoff';

/** What a job gets: exclusive use of the port until the job ends. Unusable after the job has ended. */
export interface PortIo {
  /** Writes and waits until the bytes are handed to the OS (drain). */
  write(bytes: Uint8Array): Promise<void>;
  /** Feeds each chunk that arrives from now on (plus any bytes buffered since the job's first write or read and not yet
   *  consumed) to `accept` until it returns something other than undefined; resolves with that value, in the same tick as
   *  the accepting chunk. Rejects with PortTimeoutError after timeoutMs, with PortClosedError if the port closes meanwhile,
   *  with accept's error if it throws. Bytes that arrive before the job's first write or read, or between jobs, are
   *  dropped: they can only be late answers to an earlier job. */
  read<T>(accept: (chunk: Buffer) => T | undefined, timeoutMs: number): Promise<T>;
  /** Drops bytes received but not yet consumed (stale replies after a timeout). */
  discardInput(): void;
  /** Aborted when the job ends (done, timed out, port closed): pass it to long operations such as writePaced. */
  readonly signal?: AbortSignal;
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export interface HeartbeatOptions {
  intervalMs: number;
  probe: (io: PortIo) => Promise<void>;
  /** Consecutive failed probes that count as an unplug; default 2. */
  failuresBeforeReconnect?: number;
  /** Time limit of one probe job; default intervalMs. */
  timeoutMs?: number;
}

export interface SupervisedPortOptions {
  /** 'idcard' | 'printer' — used in logs and diagnostics. */
  name: string;
  locator: PortLocator;
  /** Speed used at every open; setBaudRate changes it only for the current connection. */
  baudRate: number;
  /** Default 200 → 5000 ms, doubling, with jitter. */
  backoff?: BackoffOptions;
  heartbeat?: HeartbeatOptions;
  logger?: Logger;
  /** Pace io.write at wire speed (for pseudo-terminals, which deliver instantly); default false. */
  paceWrites?: boolean;
  /** Port enumeration used to resolve USB locators; default serialport's SerialPort.list(). */
  listPorts?: ListPorts;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 5000 };
const DEFAULT_HEARTBEAT_FAILURES = 2;

/**
 * Delay before reconnect attempt number `attempt` (0-based): doubling from initialMs up to maxMs, with
 * "equal jitter" (a random point in the upper half of the step) so two ports that fail together do not
 * retry in lockstep, while the delay never drops below half the step nor exceeds maxMs.
 */
export function backoffDelayMs(
  attempt: number,
  backoff: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const step = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempt));
  return step / 2 + random() * (step / 2);
}

interface Connection {
  port: SerialPort;
  path: string;
  /** Aborted with a PortClosedError when this connection ends, for whatever reason. */
  lost: AbortController;
}

interface PendingRead {
  accept: (chunk: Buffer) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface ActiveJob {
  connection: Connection;
  /** Chunks that arrived while the job was not reading; dropped when the job ends. */
  buffered: Buffer[];
  /** Set by the job's first write or read: bytes before that answer an earlier job, never this one. */
  listening: boolean;
  pendingRead: PendingRead | undefined;
  /** Aborted when the job ends; its reason is what late io calls reject with. */
  ended: AbortController;
}

interface QueuedJob {
  job: (io: PortIo) => Promise<unknown>;
  timeoutMs: number;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

function openPort(port: SerialPort): Promise<void> {
  return new Promise((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
}

function closePort(port: SerialPort): Promise<void> {
  if (!port.isOpen) return Promise.resolve();
  // A port that vanished may fail to close; it is gone either way.
  return new Promise((resolve) => port.close(() => resolve()));
}

/** Rejects as soon as any of the signals aborts, with that signal's reason. */
function rejectOnAbort<T>(operation: Promise<T>, signals: AbortSignal[]): Promise<T> {
  const combined = AbortSignal.any(signals);
  if (combined.aborted) return Promise.reject(combined.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(combined.reason as Error);
    combined.addEventListener('abort', onAbort, { once: true });
    operation.then(
      (value) => {
        combined.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        combined.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * One serial device, kept connected: opens the port (by path or USB ids), reopens it with back-off
 * after an unplug until stop(), and gives jobs exclusive, time-limited use of it one at a time.
 *
 * States: stopped → opening → open → backoff → opening … An unplug shows as a 'close' event, as a
 * write error (serialport turns it into a 'close') or only as failed heartbeat probes; all three
 * end the connection and lead to backoff.
 *
 * Events: 'state' (state: PortState, lastError?: string), 'rx' (chunk: Buffer), 'tx' (chunk: Buffer).
 */
export class SupervisedPort extends EventEmitter {
  private currentState: PortState = 'stopped';
  private currentError: string | undefined;
  private currentPath: string | undefined;
  private currentBaudRate: number;
  private connection: Connection | undefined;
  private readonly queue: QueuedJob[] = [];
  private activeJob: ActiveJob | undefined;
  private reconnectAttempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeatFailures = 0;
  private probeInFlight = false;
  /** Bumped by stop(), so an open that completes afterwards knows it is no longer wanted. */
  private generation = 0;
  private openInFlight: Promise<void> | undefined;
  private closing: Promise<void> = Promise.resolve();
  private readonly options: SupervisedPortOptions;

  constructor(options: SupervisedPortOptions) {
    super();
    if (!(options.baudRate > 0)) throw new RangeError(`Baud rate must be positive, got ${options.baudRate}`);
    this.options = options;
    this.currentBaudRate = options.baudRate;
  }

  get state(): PortState {
    return this.currentState;
  }

  /** Plain English sentence describing the last failure; cleared when the port opens. */
  get lastError(): string | undefined {
    return this.currentError;
  }

  /** The path of the current (or most recent) connection. */
  get path(): string | undefined {
    return this.currentPath;
  }

  get baudRate(): number {
    return this.currentBaudRate;
  }

  get name(): string {
    return this.options.name;
  }

  /** Begins opening; reconnects with back-off forever until stop(). */
  start(): void {
    if (this.currentState !== 'stopped') return;
    this.reconnectAttempt = 0;
    this.openInFlight = this.attemptOpen(this.generation);
  }

  async stop(): Promise<void> {
    this.generation += 1;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.stopHeartbeat();
    const reason = new PortClosedError(`The ${this.options.name} port was stopped`);
    const connection = this.connection;
    this.connection = undefined;
    if (connection) this.endConnection(connection, reason);
    this.rejectQueued(reason);
    this.setState('stopped', this.currentError);
    await this.openInFlight;
    await this.closing;
  }

  /** Runs one job at a time (FIFO) with exclusive use of the port; rejects with PortClosedError when not open,
   *  PortTimeoutError when the job exceeds timeoutMs. Heartbeat probes go through the same queue, only when idle. */
  run<T>(job: (io: PortIo) => Promise<T>, timeoutMs: number): Promise<T> {
    if (!this.connection) return Promise.reject(new PortClosedError(this.notOpenSentence()));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ job, timeoutMs, resolve: resolve as (value: unknown) => void, reject });
      this.startNextJob();
    });
  }

  /** Changes the speed of the open port (port.update; never the modem-line ioctls, which ptys lack) until the
   *  connection ends: a reconnect opens at options.baudRate, the speed a re-plugged device starts at.
   *  port.update also flushes the OS buffers, so call it after the write announcing the change resolved.
   *  Rejects with PortClosedError when the port is not open. */
  async setBaudRate(baudRate: number): Promise<void> {
    if (!(baudRate > 0)) throw new RangeError(`Baud rate must be positive, got ${baudRate}`);
    const connection = this.connection;
    if (!connection) throw new PortClosedError(this.notOpenSentence());
    await new Promise<void>((resolve, reject) =>
      connection.port.update({ baudRate }, (error) =>
        error ? reject(new Error(describePortError(error, connection.path))) : resolve(),
      ),
    );
    this.currentBaudRate = baudRate;
    this.options.logger?.info('serial.baud-rate', { port: this.options.name, baudRate });
  }

  private get logger(): Logger | undefined {
    return this.options.logger;
  }

  private setState(state: PortState, lastError: string | undefined): void {
    if (state === this.currentState && lastError === this.currentError) return;
    this.currentState = state;
    this.currentError = lastError;
    this.emit('state', state, lastError);
  }

  private notOpenSentence(): string {
    const why = this.currentError ?? `it is ${this.currentState}`;
    return `The ${this.options.name} port is not open: ${why}`;
  }

  private async attemptOpen(generation: number): Promise<void> {
    this.reconnectTimer = undefined;
    this.setState('opening', this.currentError);
    await this.closing;
    const located = await locatePort(this.options.locator, this.options.listPorts);
    if (generation !== this.generation) return;
    if (!located.found) {
      this.openFailed(located.reason, generation);
      return;
    }
    if (located.matchingPorts > 1) {
      this.logger?.warn('serial.ambiguous-usb', {
        port: this.options.name,
        locator: describeLocator(this.options.locator),
        matchingPorts: located.matchingPorts,
        chosen: located.path,
      });
    }
    const baudRate = this.options.baudRate;
    let port: SerialPort;
    try {
      port = createSerialPort(located.path, baudRate);
      await openPort(port);
    } catch (error) {
      if (generation === this.generation) this.openFailed(describePortError(error, located.path), generation);
      return;
    }
    if (generation !== this.generation) {
      await closePort(port);
      return;
    }
    const connection: Connection = { port, path: located.path, lost: new AbortController() };
    this.connection = connection;
    this.currentPath = located.path;
    this.currentBaudRate = baudRate;
    port.on('data', (chunk: Buffer) => this.onData(connection, chunk));
    port.on('close', (error: unknown) => {
      const reason = error
        ? describePortError(error, connection.path)
        : `Port ${connection.path} was closed unexpectedly`;
      this.connectionLost(connection, reason);
    });
    port.on('error', (error: unknown) =>
      this.connectionLost(connection, describePortError(error, connection.path)),
    );
    if (!this.options.heartbeat) this.reconnectAttempt = 0;
    this.logger?.info('serial.open', { port: this.options.name, path: located.path, baudRate });
    this.setState('open', undefined);
    this.startHeartbeat(connection);
  }

  private openFailed(reason: string, generation: number): void {
    if (reason !== this.currentError) {
      this.logger?.warn('serial.open-failed', { port: this.options.name, reason });
    }
    this.scheduleReconnect(reason, generation);
  }

  private scheduleReconnect(reason: string, generation: number): void {
    const delayMs = backoffDelayMs(this.reconnectAttempt, this.options.backoff ?? DEFAULT_BACKOFF);
    this.reconnectAttempt += 1;
    this.setState('backoff', reason);
    this.reconnectTimer = setTimeout(() => {
      this.openInFlight = this.attemptOpen(generation);
    }, delayMs);
  }

  /** Ends a connection for any cause (unplug, write error, dead device): everything waiting on it fails. */
  private connectionLost(connection: Connection, reason: string): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.stopHeartbeat();
    this.logger?.warn('serial.lost', { port: this.options.name, path: connection.path, reason });
    const error = new PortClosedError(reason);
    this.endConnection(connection, error);
    this.rejectQueued(error);
    this.scheduleReconnect(reason, this.generation);
  }

  private endConnection(connection: Connection, error: PortClosedError): void {
    connection.lost.abort(error);
    if (this.activeJob?.connection === connection) this.finishJob(this.activeJob, error);
    connection.port.removeAllListeners('data');
    connection.port.removeAllListeners('close');
    connection.port.removeAllListeners('error');
    // serialport emits 'error' when nobody passed a callback; an unheard 'error' would crash the process.
    connection.port.on('error', () => undefined);
    const previousClose = this.closing;
    this.closing = previousClose.then(() => closePort(connection.port));
  }

  private rejectQueued(error: Error): void {
    for (const queued of this.queue.splice(0)) queued.reject(error);
  }

  private onData(connection: Connection, chunk: Buffer): void {
    this.emit('rx', chunk);
    const job = this.activeJob;
    // Bytes outside any job are unsolicited or late answers to a job that gave up: never keep them.
    if (!job || job.connection !== connection || job.ended.signal.aborted || !job.listening) return;
    const read = job.pendingRead;
    if (!read) {
      job.buffered.push(chunk);
      return;
    }
    this.feed(job, read, chunk);
  }

  /** Offers one chunk to the pending read; returns true when the read has settled. */
  private feed(job: ActiveJob, read: PendingRead, chunk: Buffer): boolean {
    let result: unknown;
    try {
      result = read.accept(chunk);
    } catch (error) {
      this.settleRead(job, read);
      read.reject(error instanceof Error ? error : new Error(String(error)));
      return true;
    }
    if (result === undefined) return false;
    this.settleRead(job, read);
    read.resolve(result);
    return true;
  }

  private settleRead(job: ActiveJob, read: PendingRead): void {
    clearTimeout(read.timer);
    if (job.pendingRead === read) job.pendingRead = undefined;
  }

  private startNextJob(): void {
    const connection = this.connection;
    if (this.activeJob || !connection) return;
    const queued = this.queue.shift();
    if (!queued) return;
    const job: ActiveJob = {
      connection,
      buffered: [],
      listening: false,
      pendingRead: undefined,
      ended: new AbortController(),
    };
    this.activeJob = job;
    const timer = setTimeout(() => {
      const sentence = `The ${this.options.name} device did not finish within ${queued.timeoutMs} ms`;
      this.finishJob(job, new PortTimeoutError(sentence));
    }, queued.timeoutMs);
    job.ended.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    job.ended.signal.addEventListener(
      'abort',
      () => {
        const outcome = job.ended.signal.reason as { value?: unknown; error?: Error } | Error;
        if (outcome instanceof Error) queued.reject(outcome);
        else queued.resolve(outcome.value);
      },
      { once: true },
    );
    let running: Promise<unknown>;
    try {
      running = Promise.resolve(queued.job(this.createIo(job)));
    } catch (error) {
      running = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    running.then(
      (value) => this.finishJob(job, { value }),
      (error: unknown) => this.finishJob(job, error instanceof Error ? error : new Error(String(error))),
    );
  }

  /** Ends a job once, with its value or error, and hands the port to the next job. */
  private finishJob(job: ActiveJob, outcome: { value: unknown } | Error): void {
    if (job.ended.signal.aborted) return;
    if (!(outcome instanceof Error)) {
      this.heartbeatFailures = 0;
      this.reconnectAttempt = 0;
    }
    const read = job.pendingRead;
    if (read) {
      this.settleRead(job, read);
      read.reject(outcome instanceof Error ? outcome : new PortClosedError('The job ended during a read'));
    }
    job.buffered = [];
    if (this.activeJob === job) this.activeJob = undefined;
    job.ended.abort(outcome);
    this.startNextJob();
  }

  private createIo(job: ActiveJob): PortIo {
    const { connection } = job;
    const usable = (): Error | undefined => {
      if (job.ended.signal.aborted) {
        const reason = job.ended.signal.reason as unknown;
        return reason instanceof Error ? reason : new PortClosedError('The job has already ended');
      }
      if (connection.lost.signal.aborted) return connection.lost.signal.reason as Error;
      return undefined;
    };
    const signal = AbortSignal.any([job.ended.signal, connection.lost.signal]);
    return {
      signal,
      write: (bytes) => {
        const unusable = usable();
        if (unusable) return Promise.reject(unusable);
        job.listening = true;
        const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        this.emit('tx', chunk);
        const writing = this.options.paceWrites
          ? writePaced(connection.port, chunk, this.currentBaudRate, signal)
          : new Promise<void>((resolve, reject) => {
              connection.port.write(chunk, (error) => {
                if (error) reject(error);
              });
              connection.port.drain((error) => (error ? reject(error) : resolve()));
            });
        // serialport queues writes on a closed port until it reopens, i.e. forever: never wait past the end.
        return rejectOnAbort(writing, [job.ended.signal, connection.lost.signal]).catch((error: unknown) => {
          const ended = usable();
          if (ended) throw ended;
          const sentence = describePortError(error, connection.path);
          this.connectionLost(connection, sentence);
          throw new PortClosedError(sentence);
        });
      },
      read: <T>(accept: (chunk: Buffer) => T | undefined, timeoutMs: number) => {
        const unusable = usable();
        if (unusable) return Promise.reject(unusable);
        if (job.pendingRead) return Promise.reject(new Error('Only one read at a time per job'));
        job.listening = true;
        return new Promise<T>((resolve, reject) => {
          const read: PendingRead = {
            accept,
            resolve: resolve as (value: unknown) => void,
            reject,
            timer: setTimeout(() => {
              this.settleRead(job, read);
              reject(
                new PortTimeoutError(`The ${this.options.name} device did not answer within ${timeoutMs} ms`),
              );
            }, timeoutMs),
          };
          job.pendingRead = read;
          while (job.buffered.length > 0) {
            const chunk = job.buffered.shift() as Buffer;
            if (this.feed(job, read, chunk)) return;
          }
        });
      },
      // Not port.flush(): that is TCIOFLUSH, which would also drop output the device has not received yet.
      discardInput: () => {
        job.buffered = [];
      },
    };
  }

  private startHeartbeat(connection: Connection): void {
    const heartbeat = this.options.heartbeat;
    if (!heartbeat) return;
    this.heartbeatFailures = 0;
    this.heartbeatTimer = setInterval(() => this.probe(connection, heartbeat), heartbeat.intervalMs);
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private probe(connection: Connection, heartbeat: HeartbeatOptions): void {
    if (this.connection !== connection || this.activeJob || this.queue.length > 0 || this.probeInFlight)
      return;
    this.probeInFlight = true;
    this.run((io) => heartbeat.probe(io), heartbeat.timeoutMs ?? heartbeat.intervalMs)
      .catch((error: unknown) => {
        if (this.connection !== connection) return;
        this.heartbeatFailures += 1;
        const limit = heartbeat.failuresBeforeReconnect ?? DEFAULT_HEARTBEAT_FAILURES;
        const detail = describePortError(error, connection.path);
        this.logger?.warn('serial.heartbeat-failed', {
          port: this.options.name,
          failures: this.heartbeatFailures,
          limit,
          reason: detail,
        });
        if (this.heartbeatFailures >= limit) {
          const sentence = `The device on port ${connection.path} stopped answering (${this.heartbeatFailures} health checks failed; last: ${detail})`;
          this.connectionLost(connection, sentence);
        }
      })
      .finally(() => {
        this.probeInFlight = false;
      });
  }
}
