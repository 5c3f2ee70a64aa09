// The one base of the project's errors. Every error class extends it (lint refuses `extends Error`
// anywhere else), so a log line or a bug report can walk one shape: `name` is the subclass's own and
// `cause` (ES2022) keeps the error a failure wraps.

export class AppError extends Error {
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** "outer message ← inner message ← …": an error and its causes on one line, for logs. */
export function errorChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth += 1) {
    parts.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(' ← ');
}
