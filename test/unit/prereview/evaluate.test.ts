import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookupRegion } from '../../../domain/identity/region.ts';
import {
  type EvaluateInput,
  type PreReviewResult,
  applicableFields,
  applicableMaterials,
  buildFacts,
  evaluate,
} from '../../../main/prereview/index.ts';
import {
  HALL,
  NOW,
  bundledCatalog,
  foreignCard,
  fullChecklist,
  passingCard,
  passingForm,
  residentCard,
  without,
} from './fixtures.ts';

const catalog = bundledCatalog();
const CODES = catalog.items.map((item) => item.code);

function run(
  itemCode: string,
  overrides: Partial<EvaluateInput> & { card?: ReturnType<typeof residentCard> } = {},
) {
  const card = overrides.card ?? passingCard(itemCode);
  const form = overrides.form ?? passingForm(catalog, itemCode, card);
  const facts = overrides.facts ?? buildFacts({ card, now: NOW, hall: HALL });
  const checklist =
    overrides.checklist ?? fullChecklist(catalog, itemCode, form, card, overrides.agent ?? false);
  return evaluate(catalog, { itemCode, facts, form, checklist, agent: overrides.agent ?? false });
}

const ids = (result: PreReviewResult) =>
  result.problems.map((p) =>
    p.kind === 'eligibility'
      ? `rule:${p.ruleId}`
      : p.kind === 'form'
        ? `field:${p.fieldId}`
        : `material:${p.materialId}`,
  );

describe('every sample item', () => {
  it('has at least 12 items, each on a business line of the catalog', () => {
    expect(CODES.length).toBeGreaterThanOrEqual(12);
    for (const item of catalog.items) expect(catalog.lines.map((l) => l.code)).toContain(item.line);
  });

  it.each(CODES)('%s passes with a complete form and checklist', (code) => {
    const result = run(code);
    expect(ids(result)).toEqual([]);
    expect(result.outcome).toBe('pass');
    expect(result).toMatchObject({
      itemCode: code,
      catalogVersion: catalog.version,
      catalogHash: catalog.hash,
      line: catalog.items.find((i) => i.code === code)!.line,
      evaluatedAt: NOW.toISOString(),
      promised: [],
    });
    expect(result.materials.every((m) => m.status === 'have')).toBe(true);
  });

  it.each(CODES)(
    '%s lists every missing material at once in a notice when nothing may be promised',
    (code) => {
      const form = passingForm(catalog, code);
      const checklist = Object.fromEntries(
        Object.keys(fullChecklist(catalog, code, form)).map((id) => [id, 'missing' as const]),
      );
      const result = run(code, { form, checklist });
      const asked = applicableMaterials(
        catalog,
        code,
        buildFacts({ card: passingCard(code), now: NOW, hall: HALL }),
        form,
      )
        .filter((m) => !m.satisfiedByCard)
        .map((m) => `material:${m.id}`);
      expect(result.outcome).toBe('notice');
      expect(ids(result)).toEqual(asked);
      for (const problem of result.problems) {
        if (problem.kind !== 'material') continue;
        expect(problem.whatToBring['zh-CN']).not.toBe('');
        expect(problem.whereToGet.en).not.toBe('');
      }
    },
  );

  it.each(CODES)('%s reports an empty required field and a malformed mobile number together', (code) => {
    const form = { ...passingForm(catalog, code), mobile: '1391234567' };
    const firstTyped = catalog.items
      .find((i) => i.code === code)!
      .form.find((f) => f.required && !f.source && f.id !== 'mobile')!;
    delete (form as Record<string, unknown>)[firstTyped.id];
    const result = run(code, { form, checklist: fullChecklist(catalog, code, passingForm(catalog, code)) });
    expect(result.outcome).toBe('notice');
    expect(ids(result)).toEqual(expect.arrayContaining([`field:${firstTyped.id}`, 'field:mobile']));
    const mobile = result.problems.find((p) => p.kind === 'form' && p.fieldId === 'mobile')!;
    expect(mobile.message['zh-CN']).toContain('11 位手机号码');
  });
});

describe('eligibility', () => {
  it('refuses an expired card for items that need a valid one, naming the date', () => {
    const card = residentCard({ validFrom: '2005-01-01', validTo: '2025-01-01' });
    const result = run('SOCIAL-SECURITY-CARD', { card });
    expect(result.outcome).toBe('notice');
    expect(ids(result)).toContain('rule:card-in-validity');
    const problem = result.problems.find((p) => p.kind === 'eligibility')!;
    expect(problem.message['zh-CN']).toContain('2025-01-01');
    expect(problem).toHaveProperty('advice');
  });

  it('renews an ID card only within 90 days of expiry or after it, never a long-term one', () => {
    const renew = (validTo: string) =>
      ids(run('ID-CARD-RENEWAL', { card: residentCard({ validFrom: '2005-01-01', validTo }) }));
    expect(renew('2025-09-13')).toEqual([]); // 90 days after 2025-06-15
    expect(renew('2025-01-01')).toEqual([]); // already expired
    const tooEarly = run('ID-CARD-RENEWAL', {
      card: residentCard({ validFrom: '2010-01-01', validTo: '2025-09-14' }),
    });
    expect(ids(tooEarly)).toEqual(['rule:due-for-renewal']);
    expect(tooEarly.problems[0]!.message['zh-CN']).toContain('还有 91 天');
    expect(renew('long-term')).toEqual(['rule:not-long-term']);
  });

  it('enrols in the resident pension only at 16 or over, registered in this district, not a student', () => {
    expect(ids(run('RESIDENT-PENSION-ENROL', { card: residentCard({ birthDate: '2009-06-16' }) }))).toEqual([
      'rule:age-16',
    ]);
    expect(ids(run('RESIDENT-PENSION-ENROL', { card: residentCard({ birthDate: '2009-06-15' }) }))).toEqual(
      [],
    );
    const elsewhere = run('RESIDENT-PENSION-ENROL', {
      card: residentCard({ region: lookupRegion('110105')! }),
    });
    expect(ids(elsewhere)).toEqual(['rule:registered-in-this-district']);
    expect(elsewhere.problems[0]!.message['zh-CN']).toContain('北京市朝阳区');
    const student = {
      ...passingForm(catalog, 'RESIDENT-PENSION-ENROL'),
      isStudent: 'yes',
      inEmployeePension: 'yes',
    };
    expect(ids(run('RESIDENT-PENSION-ENROL', { form: student }))).toEqual([
      'rule:not-a-student',
      'rule:not-in-employee-pension',
    ]);
    expect(ids(run('RESIDENT-PENSION-ENROL', { card: foreignCard() as never }))).toContain(
      'rule:resident-card',
    );
  });

  it('gives a residence permit only to people registered in another city', () => {
    expect(ids(run('RESIDENCE-PERMIT', { card: residentCard() }))).toContain('rule:registered-elsewhere');
  });

  it('checks numeric thresholds from the form (construction permit, goods vehicle, shop sign)', () => {
    const small = {
      ...passingForm(catalog, 'CONSTRUCTION-PERMIT'),
      contractPrice: '25',
      floorArea: '200',
      fundsInPlace: '20',
    };
    expect(ids(run('CONSTRUCTION-PERMIT', { form: small }))).toEqual(['rule:permit-threshold']);
    const underfunded = {
      ...passingForm(catalog, 'CONSTRUCTION-PERMIT'),
      contractDays: '200',
      fundsInPlace: '599',
    };
    expect(ids(run('CONSTRUCTION-PERMIT', { form: underfunded }))).toEqual(['rule:funds-in-place']);
    const van = { ...passingForm(catalog, 'TRANSPORT-CERT-ISSUE'), totalMass: '4500' };
    expect(ids(run('TRANSPORT-CERT-ISSUE', { form: van }))).toEqual(['rule:small-goods-vehicle-exempt']);
    const billboard = { ...passingForm(catalog, 'SHOP-SIGN'), signHeight: '3.5' };
    expect(ids(run('SHOP-SIGN', { form: billboard }))).toContain('rule:sign-not-billboard');
  });

  it('checks the business licence was issued in the hall’s city', () => {
    const form = { ...passingForm(catalog, 'PUBLIC-HYGIENE-LICENCE'), uscc: '91350100M000100Y43' };
    expect(ids(run('PUBLIC-HYGIENE-LICENCE', { form }))).toEqual(['rule:registered-in-this-city']);
  });

  it('reports eligibility, form and material problems together', () => {
    const card = residentCard({ validFrom: '2005-01-01', validTo: '2025-01-01' });
    const form = {
      ...passingForm(catalog, 'SOCIAL-SECURITY-CARD', card),
      alreadyHasLocalCard: 'yes',
      mobile: '',
    };
    const result = run('SOCIAL-SECURITY-CARD', { card, form, checklist: {} });
    expect(ids(result)).toEqual([
      'rule:card-in-validity',
      'rule:no-second-card',
      'field:mobile',
      'material:photo-receipt',
    ]);
    expect(result.materials).toEqual([
      expect.objectContaining({ materialId: 'applicant-id-card', status: 'have' }),
      expect.objectContaining({ materialId: 'photo-receipt', status: 'missing', core: false }),
    ]);
  });
});

describe('commitment (告知承诺 / 容缺受理)', () => {
  const code = 'PUBLIC-HYGIENE-LICENCE';
  const form = passingForm(catalog, code);
  const all = fullChecklist(catalog, code, form);

  it('accepts three promisable materials of the hygiene licence with a two-month deadline', () => {
    const result = run(code, {
      checklist: without(all, 'site-plans', 'hygiene-inspection-report', 'hygiene-management-rules'),
    });
    expect(result.outcome).toBe('commitment');
    expect(result.problems).toEqual([]);
    expect(result.promised.map((p) => [p.materialId, p.deadline])).toEqual([
      ['site-plans', '2025-08-14'],
      ['hygiene-inspection-report', '2025-08-14'],
      ['hygiene-management-rules', '2025-08-14'],
    ]);
    expect(result.commitment).toMatchObject({ withinDays: 60, deadline: '2025-08-14' });
    expect(result.materials.filter((m) => m.status === 'promised')).toHaveLength(3);
  });

  it('accepts the construction permit with five on the spot and three promised', () => {
    const c = 'CONSTRUCTION-PERMIT';
    const full = fullChecklist(catalog, c, passingForm(catalog, c));
    expect(Object.keys(full)).toHaveLength(8);
    const result = run(c, {
      checklist: without(
        full,
        'site-ready-statement',
        'drawing-review-certificate',
        'quality-safety-measures',
      ),
    });
    expect(result.outcome).toBe('commitment');
    expect(result.promised).toHaveLength(3);
  });

  it('refuses when a core material is also missing, listing all missing ones', () => {
    const result = run(code, { checklist: without(all, 'site-plans', 'application-form') });
    expect(result.outcome).toBe('notice');
    expect(ids(result)).toEqual(['material:application-form', 'material:site-plans']);
    const sitePlans = result.problems.find((p) => p.kind === 'material' && p.materialId === 'site-plans');
    expect(sitePlans).toMatchObject({ core: false, promisable: true });
  });

  it('refuses when there is any eligibility or form problem', () => {
    const badForm = { ...form, mobile: 'abc' };
    const result = run(code, { form: badForm, checklist: without(all, 'site-plans') });
    expect(result.outcome).toBe('notice');
    expect(ids(result)).toEqual(['field:mobile', 'material:site-plans']);
  });

  it('refuses an applicant on the dishonesty list and says why', () => {
    const facts = buildFacts({ card: passingCard(code), now: NOW, hall: HALL, dishonest: true });
    const result = run(code, { facts, checklist: without(all, 'site-plans') });
    expect(result.outcome).toBe('notice');
    expect(ids(result)).toEqual(['rule:commitment-refused-dishonest', 'material:site-plans']);
    expect(result.promised).toEqual([]);
  });

  it('refuses a non-core material the item does not let be promised', () => {
    const c = 'RESIDENT-PENSION-ENROL';
    const full = fullChecklist(catalog, c, passingForm(catalog, c));
    const result = run(c, { checklist: without(full, 'bank-card') });
    expect(result.outcome).toBe('notice');
    expect(result.problems[0]).toMatchObject({
      kind: 'material',
      materialId: 'bank-card',
      core: false,
      promisable: false,
    });
  });
});

describe('conditional materials and fields', () => {
  const facts = buildFacts({ card: residentCard(), now: NOW, hall: HALL });
  const materialIds = (code: string, form: Record<string, unknown>, agent = false) =>
    applicableMaterials(catalog, code, facts, form, agent).map((m) => m.id);

  it('asks for the air-conditioning report only when central air-conditioning is used', () => {
    expect(materialIds('PUBLIC-HYGIENE-LICENCE', { centralAirConditioning: 'no' })).not.toContain(
      'air-conditioning-report',
    );
    expect(materialIds('PUBLIC-HYGIENE-LICENCE', { centralAirConditioning: 'yes' })).toContain(
      'air-conditioning-report',
    );
  });

  it('asks for the proof that matches the chosen basis of a residence permit', () => {
    expect(materialIds('RESIDENCE-PERMIT', { residenceBasis: 'study' })).toEqual(
      expect.arrayContaining(['study-proof']),
    );
    expect(materialIds('RESIDENCE-PERMIT', { residenceBasis: 'study' })).not.toContain('employment-proof');
  });

  it('asks for a structural report only for signs over 10 m², and a positioning unit for heavy trucks', () => {
    expect(materialIds('SHOP-SIGN', { signWidth: '4', signHeight: '2.5' })).not.toContain(
      'structural-safety-report',
    );
    expect(materialIds('SHOP-SIGN', { signWidth: '5', signHeight: '2.5' })).toContain(
      'structural-safety-report',
    );
    expect(
      materialIds('TRANSPORT-CERT-ISSUE', { vehicleType: 'ordinary-cargo', totalMass: '18000' }),
    ).toContain('satellite-positioning');
    expect(
      materialIds('TRANSPORT-CERT-ISSUE', { vehicleType: 'ordinary-cargo', totalMass: '8000' }),
    ).not.toContain('satellite-positioning');
    expect(materialIds('TRANSPORT-CERT-ISSUE', { vehicleType: 'passenger', totalMass: '8000' })).toContain(
      'satellite-positioning',
    );
  });

  it('asks for a guardian and the household register for a child’s social security card, and no photo under 7', () => {
    const child = buildFacts({ card: residentCard({ birthDate: '2020-01-01' }), now: NOW, hall: HALL });
    const forChild = applicableMaterials(catalog, 'SOCIAL-SECURITY-CARD', child, {}).map((m) => m.id);
    expect(forChild).toEqual(['applicant-id-card', 'household-register', 'guardian-id']);
  });

  it('shows the child’s birth date field only for registration after the birth, and requires it then', () => {
    const fieldIds = (form: Record<string, unknown>) =>
      applicableFields(catalog, 'BIRTH-REGISTRATION', facts, form).map((f) => f.id);
    expect(fieldIds({ timing: 'pregnancy' })).not.toContain('childBirthDate');
    expect(fieldIds({ timing: 'after-birth' })).toContain('childBirthDate');
    const form = { ...passingForm(catalog, 'BIRTH-REGISTRATION'), timing: 'after-birth' };
    const result = run('BIRTH-REGISTRATION', {
      form,
      checklist: fullChecklist(catalog, 'BIRTH-REGISTRATION', form),
    });
    expect(ids(result)).toEqual(['field:childBirthDate']);
  });
});

describe('agent applications (代办)', () => {
  it('adds the power of attorney, the agent’s ID card and the agent’s fields', () => {
    const code = 'SOLE-TRADER-REGISTER';
    const form = passingForm(catalog, code);
    const agentForm = {
      ...form,
      agentName: '王五',
      agentIdNumber: residentCard({ birthDate: '1990-01-01' }).idNumber,
      agentMobile: '13800000000',
    };
    const facts = buildFacts({ card: residentCard(), now: NOW, hall: HALL });
    const materials = applicableMaterials(catalog, code, facts, form, true);
    expect(materials.filter((m) => m.forAgent).map((m) => m.id)).toEqual([
      'power-of-attorney',
      'agent-id-card',
    ]);
    expect(
      applicableFields(catalog, code, facts, form, true)
        .filter((f) => f.forAgent)
        .map((f) => f.id),
    ).toEqual(['agentName', 'agentIdNumber', 'agentMobile']);

    const complete = run(code, {
      agent: true,
      form: agentForm,
      checklist: fullChecklist(catalog, code, form, undefined, true),
    });
    expect(complete.outcome).toBe('pass');
    expect(complete.agent).toBe(true);

    const missing = run(code, { agent: true, form, checklist: fullChecklist(catalog, code, form) });
    expect(missing.outcome).toBe('notice');
    expect(ids(missing)).toEqual([
      'field:agentName',
      'field:agentIdNumber',
      'field:agentMobile',
      'material:power-of-attorney',
      'material:agent-id-card',
    ]);
    const attorney = missing.problems.find(
      (p) => p.kind === 'material' && p.materialId === 'power-of-attorney',
    );
    expect(attorney).toMatchObject({ core: true, templateUrl: expect.stringMatching(/^https:\/\//) });
  });

  it('asks agents of a social security card for proof of relationship', () => {
    const code = 'SOCIAL-SECURITY-CARD';
    const facts = buildFacts({ card: residentCard(), now: NOW, hall: HALL });
    expect(applicableMaterials(catalog, code, facts, {}, true).map((m) => m.id)).toContain(
      'relationship-proof',
    );
    expect(applicableMaterials(catalog, code, facts, {}, false).map((m) => m.id)).not.toContain(
      'relationship-proof',
    );
  });

  it('refuses an agent where the applicant must come in person', () => {
    const result = run('ID-CARD-RENEWAL', { agent: true });
    expect(result.outcome).toBe('notice');
    expect(ids(result)[0]).toBe('rule:agent-not-allowed');
    expect(result.problems[0]!.message['zh-CN']).toContain('本人到场');
  });
});

describe('robustness', () => {
  it('answers an unknown item code with a notice', () => {
    const result = run('NO-SUCH-ITEM', { form: {}, checklist: {} });
    expect(result.outcome).toBe('notice');
    expect(ids(result)).toEqual(['rule:unknown-item']);
  });

  it('works on a structured clone of the catalog (as sent over IPC)', () => {
    const clone = structuredClone(catalog);
    const code = 'ENTERPRISE-START';
    const form = passingForm(catalog, code);
    const result = evaluate(clone, {
      itemCode: code,
      facts: buildFacts({ card: residentCard(), now: NOW, hall: HALL }),
      form,
      checklist: fullChecklist(catalog, code, form),
    });
    expect(result.outcome).toBe('pass');
  });

  it('never throws, whatever the input', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    const anything = fc.oneof(json, fc.constant(undefined), fc.date({ noInvalidDate: false }));
    fc.assert(
      fc.property(
        fc.constantFrom(...CODES, 'X', ''),
        fc.oneof(fc.dictionary(fc.string(), anything), anything),
        fc.oneof(
          fc.dictionary(
            fc.constantFrom('card', 'hall', 'time', 'applicant'),
            fc.oneof(anything, fc.dictionary(fc.string(), anything)),
          ),
          anything,
        ),
        fc.oneof(fc.dictionary(fc.string(), fc.constantFrom('have', 'missing', 3, null)), anything),
        fc.oneof(fc.boolean(), anything),
        (itemCode, form, facts, checklist, agent) => {
          const input = { itemCode, form, facts, checklist, agent } as unknown as EvaluateInput;
          const result = evaluate(catalog, input);
          expect(['pass', 'notice', 'commitment']).toContain(result.outcome);
          expect(result.catalogHash).toBe(catalog.hash);
          applicableMaterials(catalog, itemCode, facts as never, form as never, agent as never);
          applicableFields(catalog, itemCode, facts as never, form as never, agent as never);
        },
      ),
      { numRuns: 400 },
    );
    expect(evaluate(catalog, null as never).outcome).toBe('notice');
    expect(evaluate(null as never, null as never).outcome).toBe('notice');
  });

  it('never throws on random but well-typed applications over every item', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CODES),
        fc.date({ min: new Date('1920-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        fc.boolean(),
        fc.boolean(),
        fc.dictionary(fc.string({ maxLength: 20 }), fc.oneof(fc.string(), fc.integer())),
        (code, birth, agent, dishonest, noise) => {
          const card = residentCard({ birthDate: birth.toISOString().slice(0, 10) });
          const facts = buildFacts({ card, now: NOW, hall: HALL, dishonest });
          const form = { ...passingForm(catalog, code, card), ...noise };
          const result = evaluate(catalog, { itemCode: code, facts, form, checklist: {}, agent });
          expect(result.outcome).not.toBe('pass');
        },
      ),
      { numRuns: 300 },
    );
  });
});
