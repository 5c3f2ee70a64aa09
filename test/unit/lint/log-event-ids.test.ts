// Every log call names its event with a stable dotted id (common/log.ts eventIdPattern), written at
// the call: a person searching the logs, or a script counting events, can rely on the id. The
// compiler already refuses an id without a dot (EventId); this reads every log call in the shipped
// folders and holds each id, including each shape a template id can take, to the full pattern.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { eventIdPattern } from '../../../common/log.ts';

const root = path.resolve(import.meta.dirname, '../../..');
// central/ logs through Fastify's own logger (pino), a separate process with its own format.
const folders = ['common', 'domain', 'protocol', 'hardware', 'main', 'tools'];
const levels = new Set(['debug', 'info', 'warn', 'error']);

function sources(folder: string): string[] {
  return fs
    .readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** `logger.info`, `this.options.logger?.warn`, `(ok ? log.info : log.warn)`: a call on a logger. */
function isLogCallee(node: ts.Expression, file: ts.SourceFile): boolean {
  if (ts.isParenthesizedExpression(node)) return isLogCallee(node.expression, file);
  if (ts.isConditionalExpression(node))
    return isLogCallee(node.whenTrue, file) && isLogCallee(node.whenFalse, file);
  return (
    ts.isPropertyAccessExpression(node) &&
    levels.has(node.name.text) &&
    /log/i.test(node.expression.getText(file))
  );
}

interface Call {
  where: string;
  /** The id as written; template substitutions stand as `x`, the shape any value would give. */
  id: string | null;
}

function logCalls(fileName: string): Call[] {
  const text = fs.readFileSync(fileName, 'utf8');
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const calls: Call[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isLogCallee(node.expression, file)) {
      const [first] = node.arguments;
      const where = `${path.relative(root, fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      let id: string | null = null;
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) id = first.text;
      else if (first && ts.isTemplateExpression(first))
        id = first.head.text + first.templateSpans.map((span) => `x${span.literal.text}`).join('');
      calls.push({ where, id });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return calls;
}

describe('log event ids', () => {
  const calls = folders.flatMap(sources).flatMap(logCalls);

  it('finds the log calls (the scan itself works)', () => {
    expect(calls.length).toBeGreaterThan(100);
    expect(calls.some((call) => call.id === 'session.started')).toBe(true);
    expect(calls.some((call) => call.id === 'maintenance.x')).toBe(true); // a template id
  });

  it('names every event with a dotted id written at the call', () => {
    const bad = calls.filter((call) => call.id === null || !eventIdPattern.test(call.id));
    expect(bad.map((call) => `${call.where} ${call.id ?? '(not a literal)'}`)).toEqual([]);
  });
});
