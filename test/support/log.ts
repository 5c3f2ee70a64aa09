import type { LogFields, LogLevel, Logger } from '../../common/log.ts';

export type RawLine = [level: LogLevel, event: string, fields: LogFields | undefined, component?: string];

/** A Logger that keeps exactly what the caller passed, before the port's redaction: for tests that
 *  prove a part never hands personal data to its logger at all (memoryLogger in common/log.ts would
 *  hide such a slip by redacting it). */
export function rawLogger(): Logger & { lines: RawLine[] } {
  const lines: RawLine[] = [];
  const make = (component?: string): Logger => ({
    debug: (event, fields) => void lines.push(['debug', event, fields, component]),
    info: (event, fields) => void lines.push(['info', event, fields, component]),
    warn: (event, fields) => void lines.push(['warn', event, fields, component]),
    error: (event, fields) => void lines.push(['error', event, fields, component]),
    child: (name) => make(component ? `${component}.${name}` : name),
  });
  return Object.assign(make(), { lines });
}
