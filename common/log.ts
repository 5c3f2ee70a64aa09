// The one logger port. Every side (hardware drivers, main services, tools) logs through `Logger`:
// `log.info('queue.ticket.issued', { number })` — a stable dotted event id that a person or a script
// can search for, and structured fields beside it. Sinks (the kiosk's JSON-lines file, a test's
// memory) receive records that already went through `createLogger`, so the rules below hold for
// every sink: the event id is checked, personal fields are dropped, ID-number-shaped text is masked.
//
// Logs must never carry personal data (PIPL). Services are written not to log it; the redaction here
// is the net under them.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** `area.thing[.more]`: lower-case words joined by `-`, at least two parts joined by `.`.
 *  Examples: `serial.open-failed`, `queue.ticket.issued`, `sync.cycle-failed`. */
export const eventIdPattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)+$/;

/** A dotted event id (see eventIdPattern; the compiler checks the dot, `createLogger` the rest). */
export type EventId = `${string}.${string}`;

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: EventId, fields?: LogFields): void;
  info(event: EventId, fields?: LogFields): void;
  warn(event: EventId, fields?: LogFields): void;
  error(event: EventId, fields?: LogFields): void;
  /** A logger whose records all carry `component` (children of children join with `.`). */
  child(component: string): Logger;
}

/** What a sink receives. Fields come first in the object, so a field can never pose as the time,
 *  level, component or event of the record. */
export interface LogRecord extends LogFields {
  t: string;
  level: LogLevel;
  component?: string;
  event: string;
}

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** The event written in place of an id that does not match eventIdPattern: the line is kept (a
 *  lost diagnostic is worse than a badly named one) but it cannot smuggle free text as its id. */
export const badEventId = 'log.bad-event-id';

export interface CreateLoggerOptions {
  /** Records below this level are dropped; default 'debug' (everything). */
  level?: LogLevel;
  now?: () => Date;
}

/** The port's one implementation: checks, redacts and stamps each record, then hands it to `sink`.
 *  A sink that throws is the sink's problem, never the caller's: logging must not break the kiosk. */
export function createLogger(sink: (record: LogRecord) => void, options: CreateLoggerOptions = {}): Logger {
  const threshold = levelRank[options.level ?? 'debug'];
  const now = options.now ?? (() => new Date());
  const write = (level: LogLevel, component: string | undefined, event: string, fields?: LogFields) => {
    if (levelRank[level] < threshold) return;
    const named = eventIdPattern.test(event);
    const record: LogRecord = {
      ...(fields ? (redactFields(fields) as LogFields) : {}),
      ...(named ? {} : { given: redactText(String(event)).slice(0, 120) }),
      t: now().toISOString(),
      level,
      ...(component ? { component } : {}),
      event: named ? event : badEventId,
    };
    try {
      sink(record);
    } catch (error) {
      // The sink reports its own failures (the file sink says it on stderr); a caller must not fail
      // because a log line could not be written.
      void error;
    }
  };
  const make = (component?: string): Logger => ({
    debug: (event, fields) => write('debug', component, event, fields),
    info: (event, fields) => write('info', component, event, fields),
    warn: (event, fields) => write('warn', component, event, fields),
    error: (event, fields) => write('error', component, event, fields),
    child: (name) => make(component ? `${component}.${name}` : name),
  });
  return make();
}

/** A logger that drops everything, for tests and for parts used without a log (bench, tools). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

/** A logger that keeps its records in memory (tests that assert what was logged, and that it was
 *  redacted: the records are exactly what a file sink would write). */
export function memoryLogger(options: CreateLoggerOptions = {}): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  return Object.assign(
    createLogger((record) => records.push(record), options),
    { records },
  );
}

// ---------------------------------------------------------------------------------------------------
// Redaction
// ---------------------------------------------------------------------------------------------------

/** Field names that hold personal data, compared lower-cased without `_` and `-`. Their values are
 *  replaced by '[redacted]' wherever they are nested. */
const personalKeys = new Set([
  'name',
  'fullname',
  'chinesename',
  'englishname',
  'personname',
  'holdername',
  'applicantname',
  'idnumber',
  'idno',
  'idcardnumber',
  'certno',
  'address',
  'phone',
  'mobile',
  'birthdate',
  'photo',
  'card',
  'pin',
  'password',
  'token',
  'secret',
]);

export function isPersonalKey(key: string): boolean {
  return personalKeys.has(key.toLowerCase().replace(/[_-]/g, ''));
}

// 18-character resident numbers (last may be X) and 15-digit legacy numbers, standing alone.
const idNumberPattern = /(?<![0-9A-Za-z])(\d{6})\d{8,11}([0-9Xx]{1})(?![0-9A-Za-z])/g;
const mobilePattern = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

export function redactText(text: string): string {
  return text
    .replace(idNumberPattern, (_match, head: string) => `${head.slice(0, 3)}*** [redacted id]`)
    .replace(mobilePattern, '[redacted phone]');
}

export function redactFields(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[truncated]';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((item) => redactFields(item, depth + 1));
  if (value instanceof Error) return { error: value.name, message: redactText(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = isPersonalKey(key) ? '[redacted]' : redactFields(item, depth + 1);
    }
    return out;
  }
  return value;
}
