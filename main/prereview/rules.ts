// A small, safe subset of JSON Logic (jsonlogic.com), compiled once at catalog load into closures.
// Compiling is where every operator, its arity and every fact path is checked, so a rule the kiosk
// cannot run is a catalog error at load and never a surprise at the counter. The closures only read
// from the scope they are given, never call user-supplied code, and never throw on any JSON value.

import { addMonths } from './deadlines.ts';
import { sameRegion, usccRegion } from './regions.ts';

export type RuleJson = unknown;
export type Scope = Readonly<Record<string, unknown>>;
export type CompiledRule = (scope: Scope) => unknown;

export interface RuleError {
  /** Path inside the rule, e.g. `and[1].<=[0]`. */
  path: string;
  message: string;
}

export type CompileResult = { ok: true; run: CompiledRule } | { ok: false; error: RuleError };

/** Decides which `var` paths exist. Returns a sentence naming what is wrong, or undefined if fine. */
export type PathCheck = (path: readonly string[]) => string | undefined;

interface OperatorSpec {
  minArgs: number;
  maxArgs: number;
  build(args: CompiledRule[], raw: readonly RuleJson[], check: PathCheck, path: string): CompiledRule;
}

const DAY_MS = 86_400_000;

/** JSON Logic truthiness: 0, '', [], null, false, NaN and undefined are false. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return Boolean(value);
}

const NUMERIC_TEXT = /^\s*-?(?:\d+(?:\.\d+)?|\.\d+)\s*$/;

/** Numbers, and strings that spell a number (form values arrive as text); anything else is undefined. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) return Number(value);
  return undefined;
}

/** Numeric when either side is a number, lexicographic when both are text (ISO dates order this
 *  way), otherwise no order at all: every comparison is false rather than guessing. */
function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a);
    const y = toNumber(b);
    if (x === undefined || y === undefined) return undefined;
    return x - y;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/** Strict equality, except that a number equals the text that spells it ("3" == 3). Unlike JSON
 *  Logic's JavaScript `==`, null never equals 0 or "". */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a);
    const y = toNumber(b);
    return x !== undefined && x === y;
  }
  return false;
}

function ordered(test: (difference: number) => boolean): OperatorSpec['build'] {
  return (args) => {
    if (args.length === 3) {
      const [low, middle, high] = args as [CompiledRule, CompiledRule, CompiledRule];
      return (scope) => {
        const m = middle(scope);
        const first = compare(low(scope), m);
        const second = compare(m, high(scope));
        return first !== undefined && second !== undefined && test(first) && test(second);
      };
    }
    const [left, right] = args as [CompiledRule, CompiledRule];
    return (scope) => {
      const difference = compare(left(scope), right(scope));
      return difference !== undefined && test(difference);
    };
  };
}

function arithmetic(fold: (a: number, b: number) => number, unary?: (a: number) => number) {
  return (args: CompiledRule[]): CompiledRule =>
    (scope) => {
      const values: number[] = [];
      for (const arg of args) {
        const value = toNumber(arg(scope));
        if (value === undefined) return null;
        values.push(value);
      }
      if (values.length === 1 && unary) return unary(values[0]!);
      const result = values.reduce(fold);
      return Number.isFinite(result) ? result : null;
    };
}

function dayNumber(date: unknown): number | undefined {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : ms / DAY_MS;
}

/** Whole years from `birth` to `today` (both YYYY-MM-DD); someone born on 29 February comes of
 *  age on 1 March in common years. */
export function yearsBetween(birth: unknown, today: unknown): number | null {
  if (dayNumber(birth) === undefined || dayNumber(today) === undefined) return null;
  const b = birth as string;
  const t = today as string;
  const years = Number(t.slice(0, 4)) - Number(b.slice(0, 4));
  return t.slice(5) >= b.slice(5) ? years : years - 1;
}

function readPath(scope: unknown, path: readonly string[]): unknown {
  let node = scope;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function literal(value: unknown): CompiledRule {
  return () => value;
}

/** The operators the catalog may use. Anything else is refused at load. */
const OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  var: {
    minArgs: 1,
    maxArgs: 2,
    build: () => {
      throw new Error('var is compiled by compileNode');
    },
  },
  '==': {
    minArgs: 2,
    maxArgs: 2,
    build:
      ([a, b]) =>
      (s) =>
        equal(a!(s), b!(s)),
  },
  '!=': {
    minArgs: 2,
    maxArgs: 2,
    build:
      ([a, b]) =>
      (s) =>
        !equal(a!(s), b!(s)),
  },
  '<': { minArgs: 2, maxArgs: 3, build: ordered((d) => d < 0) },
  '<=': { minArgs: 2, maxArgs: 3, build: ordered((d) => d <= 0) },
  '>': { minArgs: 2, maxArgs: 2, build: ordered((d) => d > 0) },
  '>=': { minArgs: 2, maxArgs: 2, build: ordered((d) => d >= 0) },
  and: {
    minArgs: 1,
    maxArgs: Infinity,
    build: (args) => (s) => {
      let value: unknown = true;
      for (const arg of args) {
        value = arg(s);
        if (!truthy(value)) return value;
      }
      return value;
    },
  },
  or: {
    minArgs: 1,
    maxArgs: Infinity,
    build: (args) => (s) => {
      let value: unknown = false;
      for (const arg of args) {
        value = arg(s);
        if (truthy(value)) return value;
      }
      return value;
    },
  },
  '!': {
    minArgs: 1,
    maxArgs: 1,
    build:
      ([a]) =>
      (s) =>
        !truthy(a!(s)),
  },
  not: {
    minArgs: 1,
    maxArgs: 1,
    build:
      ([a]) =>
      (s) =>
        !truthy(a!(s)),
  },
  '!!': {
    minArgs: 1,
    maxArgs: 1,
    build:
      ([a]) =>
      (s) =>
        truthy(a!(s)),
  },
  in: {
    minArgs: 2,
    maxArgs: 2,
    build:
      ([needle, haystack]) =>
      (s) => {
        const n = needle!(s);
        const h = haystack!(s);
        if (Array.isArray(h)) return h.some((entry) => equal(entry, n));
        if (typeof h === 'string' && typeof n === 'string') return h.includes(n);
        return false;
      },
  },
  if: {
    minArgs: 1,
    maxArgs: Infinity,
    build: (args) => (s) => {
      let i = 0;
      for (; i + 1 < args.length; i += 2) if (truthy(args[i]!(s))) return args[i + 1]!(s);
      return i < args.length ? args[i]!(s) : null;
    },
  },
  '+': { minArgs: 1, maxArgs: Infinity, build: arithmetic((a, b) => a + b) },
  '-': {
    minArgs: 1,
    maxArgs: 2,
    build: arithmetic(
      (a, b) => a - b,
      (a) => -a,
    ),
  },
  '*': { minArgs: 2, maxArgs: Infinity, build: arithmetic((a, b) => a * b) },
  min: { minArgs: 1, maxArgs: Infinity, build: arithmetic((a, b) => Math.min(a, b)) },
  max: { minArgs: 1, maxArgs: Infinity, build: arithmetic((a, b) => Math.max(a, b)) },
  substr: {
    minArgs: 2,
    maxArgs: 3,
    build:
      ([text, start, length]) =>
      (s) => {
        const t = text!(s);
        if (typeof t !== 'string') return '';
        const from = toNumber(start!(s)) ?? 0;
        const count = length ? toNumber(length(s)) : undefined;
        const begin = from < 0 ? Math.max(0, t.length + from) : from;
        if (count === undefined) return t.slice(begin);
        return count < 0 ? t.slice(begin, t.length + count) : t.slice(begin, begin + count);
      },
  },
  // Domain helpers. Each reads fixed fact paths that buildFacts always provides.
  age: {
    minArgs: 0,
    maxArgs: 1,
    build:
      ([birth]) =>
      (s) =>
        yearsBetween(
          birth ? birth(s) : readPath(s, ['applicant', 'birthDate']),
          readPath(s, ['time', 'date']),
        ),
  },
  daysToExpiry: {
    minArgs: 0,
    maxArgs: 0,
    build: () => (s) => {
      const days = readPath(s, ['applicant', 'daysToExpiry']);
      return typeof days === 'number' ? days : null;
    },
  },
  daysSince: {
    minArgs: 1,
    maxArgs: 1,
    build:
      ([date]) =>
      (s) => {
        const then = dayNumber(date!(s));
        const today = dayNumber(readPath(s, ['time', 'date']));
        return then === undefined || today === undefined ? null : today - then;
      },
  },
  regionStartsWith: {
    minArgs: 2,
    maxArgs: 2,
    build:
      ([code, prefix]) =>
      (s) => {
        const c = code!(s);
        const p = prefix!(s);
        return typeof c === 'string' && typeof p === 'string' && p.length > 0 && c.startsWith(p);
      },
  },
  // sameRegion(level, a, b): municipalities' counties and districts are one city, and a code registered
  // at a higher level covers everything under it (see regions.ts).
  sameRegion: {
    minArgs: 3,
    maxArgs: 3,
    build: ([, a, b], raw, _check, path) => {
      const level = raw[0];
      if (level !== 'province' && level !== 'city' && level !== 'district') {
        throw new RuleCompileError(`${path}[0]`, 'sameRegion takes "province", "city" or "district" first');
      }
      return (s) => sameRegion(level, a!(s), b!(s));
    },
  },
  // addMonths(date, n): calendar months, clamped to the month's last day (民法典 art. 202); n may be
  // negative ("within three months before the card expires").
  addMonths: {
    minArgs: 2,
    maxArgs: 2,
    build:
      ([date, months]) =>
      (s) => {
        const d = date!(s);
        const n = toNumber(months!(s));
        return dayNumber(d) === undefined || n === undefined || !Number.isInteger(n)
          ? null
          : addMonths(d as string, n);
      },
  },
  usccRegion: {
    minArgs: 1,
    maxArgs: 1,
    build:
      ([code]) =>
      (s) =>
        usccRegion(code!(s)),
  },
  filled: {
    minArgs: 1,
    maxArgs: 1,
    build:
      ([value]) =>
      (s) => {
        const v = value!(s);
        return v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
      },
  },
};

export const RULE_OPERATORS: readonly string[] = Object.keys(OPERATORS);

class RuleCompileError extends Error {
  constructor(
    readonly rulePath: string,
    message: string,
  ) {
    super(message);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function compileVar(raw: unknown, check: PathCheck, path: string): CompiledRule {
  const args = Array.isArray(raw) ? raw : [raw];
  if (args.length < 1 || args.length > 2)
    throw new RuleCompileError(path, 'var takes a path and an optional default');
  const [name, fallback] = args;
  if (typeof name !== 'string' || name === '') {
    throw new RuleCompileError(`${path}[0]`, 'var takes a dotted path such as "card.age"');
  }
  if (fallback !== undefined && (fallback === null || typeof fallback === 'object')) {
    throw new RuleCompileError(`${path}[1]`, 'the default of var must be a string, number or boolean');
  }
  const segments = name.split('.');
  const problem = check(segments);
  if (problem !== undefined) throw new RuleCompileError(`${path}[0]`, problem);
  return (scope) => {
    const value = readPath(scope, segments);
    return value === undefined || value === null ? (fallback ?? null) : value;
  };
}

/** Deeper than any real rule; bounds the evaluator's recursion, so it cannot overflow the stack. */
export const MAX_RULE_DEPTH = 32;

function compileNode(node: RuleJson, check: PathCheck, path: string, depth = 0): CompiledRule {
  if (depth > MAX_RULE_DEPTH)
    throw new RuleCompileError(path, `rule is nested deeper than ${MAX_RULE_DEPTH} levels`);
  if (node === null || typeof node === 'string' || typeof node === 'boolean') return literal(node);
  if (typeof node === 'number') {
    if (!Number.isFinite(node)) throw new RuleCompileError(path, 'numbers must be finite');
    return literal(node);
  }
  if (Array.isArray(node)) {
    const items = node.map((item, i) => compileNode(item, check, `${path}[${i}]`, depth + 1));
    return (scope) => items.map((item) => item(scope));
  }
  if (typeof node !== 'object') throw new RuleCompileError(path, `a rule cannot be ${describe(node)}`);
  const keys = Object.keys(node);
  if (keys.length !== 1) {
    throw new RuleCompileError(
      path,
      `an operation is an object with exactly one operator, found ${keys.length} keys`,
    );
  }
  const operator = keys[0]!;
  const here = path === '' ? operator : `${path}.${operator}`;
  if (!Object.hasOwn(OPERATORS, operator)) {
    throw new RuleCompileError(here, `unknown operator "${operator}"; allowed: ${RULE_OPERATORS.join(' ')}`);
  }
  const rawArgs = (node as Record<string, unknown>)[operator];
  if (operator === 'var') return compileVar(rawArgs, check, here);
  const args: readonly RuleJson[] = Array.isArray(rawArgs) ? rawArgs : [rawArgs];
  const spec = OPERATORS[operator]!;
  if (args.length < spec.minArgs || args.length > spec.maxArgs) {
    const expected =
      spec.maxArgs === Infinity
        ? `at least ${spec.minArgs}`
        : spec.minArgs === spec.maxArgs
          ? `${spec.minArgs}`
          : `${spec.minArgs} to ${spec.maxArgs}`;
    throw new RuleCompileError(here, `${operator} takes ${expected} argument(s), found ${args.length}`);
  }
  const compiled = args.map((arg, i) => compileNode(arg, check, `${here}[${i}]`, depth + 1));
  return spec.build(compiled, args, check, here);
}

/** Checks and compiles a rule. Never throws: a rule that cannot be compiled comes back as an error
 *  naming the place inside the rule. */
export function compileRule(rule: RuleJson, check: PathCheck): CompileResult {
  try {
    const compiled = compileNode(rule, check, '');
    return { ok: true, run: compiled };
  } catch (error) {
    if (error instanceof RuleCompileError)
      return { ok: false, error: { path: error.rulePath, message: error.message } };
    throw error;
  }
}

/** Runs a compiled rule as a yes/no question. */
export function holds(rule: CompiledRule, scope: Scope): boolean {
  return truthy(rule(scope));
}

/** `{{card.daysToExpiry}}` placeholders in a message, checked like `var` paths at load. */
export function compileTemplate(
  text: string,
  check: PathCheck,
): { ok: true; render: (scope: Scope) => string } | { ok: false; message: string } {
  const parts: Array<string | readonly string[]> = [];
  const pattern = /\{\{\s*([\w.]+)\s*\}\}/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const segments = match[1]!.split('.');
    const problem = check(segments);
    if (problem !== undefined) return { ok: false, message: `placeholder {{${match[1]}}}: ${problem}` };
    parts.push(text.slice(last, match.index), segments);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  if (parts.length === 1) return { ok: true, render: () => text };
  return {
    ok: true,
    render: (scope) =>
      parts
        .map((part) => {
          if (typeof part === 'string') return part;
          const value = readPath(scope, part);
          return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
        })
        .join(''),
  };
}
