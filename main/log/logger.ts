import fs from 'node:fs';
import path from 'node:path';
import { createLogger, type Logger, type LogLevel } from '../../common/log.ts';

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

/** The kiosk's log sink: JSON lines to `kiosk.log`, rotated by size into `kiosk.1.log` …
 *  `kiosk.N.log` (main/maintenance/bundle.ts reads them back for the diagnostic bundle). Records
 *  arrive checked and redacted by the port (common/log.ts). Written synchronously: a kiosk that dies
 *  must leave its last words on disk. */
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

  return createLogger(
    (record) => {
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
    },
    { level: options.level },
  );
}
