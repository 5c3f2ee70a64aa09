import fs from 'node:fs';
import path from 'node:path';
import { redactFields, redactText } from './redact.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines all carry `component`. */
  child(component: string): Logger;
}

export interface FileLoggerOptions {
  folder: string;
  level: LogLevel;
  /** Rotate when the current file passes this size. */
  maxBytes: number;
  /** Rotated files kept besides the current one. */
  keep: number;
  /** Also write each line to stderr (development). */
  echo?: boolean;
}

/** JSON lines to `kiosk.log`, rotated by size into `kiosk.1.log` … `kiosk.N.log`. Written
 *  synchronously: a kiosk that dies must leave its last words on disk. */
export function createFileLogger(options: FileLoggerOptions): Logger {
  const file = path.join(options.folder, 'kiosk.log');
  let size = fs.existsSync(file) ? fs.statSync(file).size : 0;
  let failed = false;

  const rotate = (): void => {
    for (let index = options.keep; index >= 1; index -= 1) {
      const from = index === 1 ? file : path.join(options.folder, `kiosk.${index - 1}.log`);
      const to = path.join(options.folder, `kiosk.${index}.log`);
      if (fs.existsSync(from)) fs.renameSync(from, to);
    }
    size = 0;
  };

  const write = (
    level: LogLevel,
    component: string | undefined,
    event: string,
    fields?: Record<string, unknown>,
  ) => {
    if (levelRank[level] < levelRank[options.level]) return;
    // Fields first, so a field can never pose as the time, level or event of the line.
    const record = {
      ...(fields ? (redactFields(fields) as Record<string, unknown>) : {}),
      t: new Date().toISOString(),
      level,
      ...(component ? { component } : {}),
      event: redactText(event),
    };
    const line = `${JSON.stringify(record)}\n`;
    try {
      if (size + line.length > options.maxBytes && size > 0) rotate();
      fs.appendFileSync(file, line, { mode: 0o600 });
      size += Buffer.byteLength(line);
      failed = false;
    } catch (error) {
      // A full disk must not take the kiosk down with it: say it once on stderr and carry on.
      if (!failed) process.stderr.write(`log write failed: ${(error as Error).message}\n`);
      failed = true;
    }
    if (options.echo) process.stderr.write(line);
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

/** A logger that drops everything, for unit tests of services. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
