import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type PathCheck,
  RULE_OPERATORS,
  compileRule,
  compileTemplate,
  holds,
} from '../../../main/prereview/rules.ts';

const anyPath: PathCheck = () => undefined;
const onlyCard: PathCheck = (path) => (path[0] === 'card' ? undefined : `unknown fact "${path.join('.')}"`);

function value(rule: unknown, scope: Record<string, unknown> = {}) {
  const compiled = compileRule(rule, anyPath);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.run(scope);
}

describe('JSON Logic subset', () => {
  const scope = {
    card: { age: 40, regionCode: '110101' },
    applicant: { birthDate: '1985-03-12', daysToExpiry: 30, validTo: '2026-03-31' },
    hall: { regionCode: '110105' },
    time: { date: '2025-06-15' },
    form: { area: '350', kind: 'llc', empty: '  ' },
  };

  it.each([
    [{ var: 'card.age' }, 40],
    [{ var: ['form.missing', 'fallback'] }, 'fallback'],
    [{ '==': [{ var: 'form.area' }, 350] }, true],
    [{ '==': [null, 0] }, false],
    [{ '!=': [{ var: 'form.kind' }, 'llc'] }, false],
    [{ '<': [{ var: 'form.area' }, 400] }, true],
    [{ '<=': [300, { var: 'form.area' }, 400] }, true],
    [{ '<': ['10', '9'] }, true], // both text: compared as text (ISO dates), documented
    [{ '>': [{ var: 'form.kind' }, 3] }, false], // text that is no number never compares with a number
    [{ '>=': ['2025-06-15', '2025-01-01'] }, true],
    [{ and: [true, 1, 'x'] }, 'x'],
    [{ or: [0, '', null] }, null],
    [{ '!': [[]] }, true],
    [{ '!!': ['0'] }, true],
    [{ in: ['llc', ['llc', 'partnership']] }, true],
    [{ in: ['10', '110101'] }, true],
    [{ if: [false, 'a', true, 'b', 'c'] }, 'b'],
    [{ if: [false, 'a'] }, null],
    [{ '+': ['1.5', 2] }, 3.5],
    [{ '-': [5] }, -5],
    [{ '*': [{ var: 'form.area' }, 0.5] }, 175],
    [{ '+': ['x', 1] }, null],
    [{ min: [3, 1, 2] }, 1],
    [{ substr: ['91110101MA01', 2, 6] }, '110101'],
    [{ substr: ['abcdef', -2] }, 'ef'],
    [{ age: [] }, 40],
    [{ age: ['2009-06-16'] }, 15],
    [{ age: ['2009-06-15'] }, 16],
    [{ age: ['not a date'] }, null],
    [{ daysToExpiry: [] }, 30],
    [{ daysSince: ['2025-06-01'] }, 14],
    [{ regionStartsWith: [{ var: 'card.regionCode' }, '1101'] }, true],
    [{ regionStartsWith: [{ var: 'card.regionCode' }, ''] }, false],
    [{ sameRegion: ['city', { var: 'card.regionCode' }, { var: 'hall.regionCode' }] }, true],
    [{ sameRegion: ['district', { var: 'card.regionCode' }, { var: 'hall.regionCode' }] }, false],
    [{ sameRegion: ['city', '500151', '500229'] }, true], // Chongqing district and county: one city
    [{ sameRegion: ['district', '500000', '500151'] }, true], // a municipal registration covers the districts
    [{ sameRegion: ['city', null, '500151'] }, false], // unknown is never the same region
    [{ usccRegion: ['91500000MA5U000023'] }, '500000'],
    [{ usccRegion: ['short'] }, null],
    [{ addMonths: [{ var: 'applicant.validTo' }, -3] }, '2025-12-31'],
    [{ addMonths: ['2025-12-31', 2] }, '2026-02-28'],
    [{ addMonths: ['2026-01-31', 1] }, '2026-02-28'],
    [{ addMonths: ['nope', 1] }, null],
    [{ filled: [{ var: 'form.empty' }] }, false],
    [{ filled: [{ var: 'form.kind' }] }, true],
  ])('%j → %j', (rule, expected) => {
    expect(value(rule, scope)).toEqual(expected);
  });

  it('counts a 29 February birthday from 1 March in common years', () => {
    expect(value({ age: ['2008-02-29'] }, { time: { date: '2026-02-28' } })).toBe(17);
    expect(value({ age: ['2008-02-29'] }, { time: { date: '2026-03-01' } })).toBe(18);
  });

  it.each([
    [{ eval: ['1'] }, 'eval', /unknown operator "eval"/],
    [{ method: ['x', 'constructor'] }, 'method', /unknown operator/],
    [{ '==': [1] }, '==', /takes 2 argument/],
    [{ var: 'hall.code' }, 'var[0]', /unknown fact "hall.code"/],
    [{ var: '' }, 'var[0]', /dotted path/],
    [{ and: [{ '!': { var: 'form.x' } }] }, 'and[0].![0].var[0]', /unknown fact/],
    [{ a: 1, b: 2 }, '', /exactly one operator/],
    [{ sameRegion: ['street', '110101', '110101'] }, 'sameRegion[0]', /province/],
    [{ '+': [Infinity] }, '+[0]', /finite/],
  ])('refuses %j at %s', (rule, path, message) => {
    const compiled = compileRule(rule, onlyCard);
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) {
      expect(compiled.error.path).toBe(path);
      expect(compiled.error.message).toMatch(message);
    }
  });

  it('cannot reach the prototype chain through var', () => {
    expect(value({ var: 'form.constructor' }, { form: {} })).toBeNull();
    expect(value({ var: '__proto__' }, {})).toBeNull();
  });

  it('fills message placeholders from facts and refuses unknown ones', () => {
    const template = compileTemplate('还有 {{card.daysToExpiry}} 天，{{card.none}}', anyPath);
    expect(template.ok && template.render({ card: { daysToExpiry: 12 } })).toBe('还有 12 天，');
    expect(compileTemplate('{{hall.x}}', onlyCard).ok).toBe(false);
  });

  it('compiles any JSON without throwing, and what compiles runs without throwing on any scope', () => {
    const operator = fc.constantFrom(...RULE_OPERATORS, 'nope');
    const rule = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.jsonValue({ maxDepth: 1 }),
        fc.record({ var: fc.constantFrom('card.age', 'form.a', 'x.y', 'time.date') }),
        fc.dictionary(operator, fc.array(tie('node'), { maxLength: 4 }), { minKeys: 1, maxKeys: 1 }),
      ),
    })).node;
    fc.assert(
      fc.property(rule, fc.jsonValue({ maxDepth: 3 }), (r, scope) => {
        const compiled = compileRule(r, anyPath);
        if (compiled.ok) {
          holds(compiled.run, { card: scope, form: scope, time: scope } as never);
          holds(compiled.run, scope as never);
        }
      }),
      { numRuns: 500 },
    );
  });
});
