// The engine through real cards (buildFacts from IdCard values), beyond the catalog's own worked
// examples: who is judged (applicant, never agent), where 户籍 comes from, the three commitment kinds,
// refusals apart from corrections, and invariants over every item.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookupRegion } from '../../../domain/identity/region.ts';
import { withGb11643CheckCharacter } from '../../../domain/identity/id-number.ts';
import {
  type BuildFactsInput,
  type Checklist,
  type Facts,
  type FormValues,
  type PreReviewResult,
  addMonths,
  addWorkingDays,
  applicableFields,
  applicableMaterials,
  buildFacts,
  evaluate,
} from '../../../main/prereview/index.ts';
import { exampleInput } from '../../../main/prereview/examples.ts';
import { TONGLIANG, bundledCatalog, foreignCard, residentCard } from './fixtures.ts';

const catalog = bundledCatalog();
const item = (code: string) => catalog.items.find((candidate) => candidate.code === code)!;
/** 2025-12-31 10:00 in China. */
const DEC31 = new Date('2025-12-31T02:00:00Z');

function facts(input: Partial<BuildFactsInput> & Pick<BuildFactsInput, 'applicant'>): Facts {
  return buildFacts({ now: DEC31, hall: TONGLIANG, ...input });
}

/** Every material answered "have" except those named. */
function answers(code: string, missing: string[] = []): Checklist {
  const all = [...item(code).materials, ...catalog.agentMaterials].map((m) => m.id);
  return Object.fromEntries(all.map((id) => [id, missing.includes(id) ? 'missing' : 'have']));
}

function run(
  code: string,
  f: Facts,
  options: { form?: FormValues; missing?: string[]; decline?: boolean } = {},
) {
  return evaluate(catalog, {
    itemCode: code,
    facts: f,
    // The agent's own fields, as the flow fills them from the agent's card.
    form: { ...catalog.exampleDefaults.agentForm, ...(options.form ?? item(code).exampleBase.form) },
    checklist: answers(code, options.missing),
    declineCommitment: options.decline,
  });
}

const lines = (result: PreReviewResult) =>
  result.problems.map((p) =>
    p.kind === 'bring' ? `bring:${p.materialId}` : p.kind === 'fix' ? `fix:${p.fieldId}` : 'credit',
  );

// A Chongqing resident born before 1997 whose ID number still starts 5102 (Sichuan-era Chongqing),
// registered today in Tongliang according to the address on the card.
const oldNumberCard = residentCard({
  region: lookupRegion('510221')!,
  idNumber: withGb11643CheckCharacter('51022119850312001'),
  address: '重庆市铜梁区巴川街道中兴路 1 号',
});
const pensionForm = {
  ...item('RESIDENT-PENSION-ENROL').exampleBase.form,
};

describe('户籍 comes from the address, never from the ID number', () => {
  it('a 5102xx number registered in Tongliang enrols in the Tongliang pension', () => {
    const f = facts({ applicant: { source: 'card', card: oldNumberCard, registrationRegion: '500151' } });
    expect(f.applicant.registrationRegion).toBe('500151');
    expect(run('RESIDENT-PENSION-ENROL', f, { form: pensionForm }).outcome).toBe('pass');
  });

  it('an unmatched address is asked, not guessed from the number', () => {
    const f = facts({ applicant: { source: 'card', card: oldNumberCard, registrationRegion: null } });
    const result = run('RESIDENT-PENSION-ENROL', f, { form: pensionForm });
    expect(result.outcome).toBe('notice');
    expect(lines(result)).toEqual(['fix:applicant.registrationRegion']);
  });

  it('an HK/Macao/Taiwan permit address or a foreigner card is never a 户籍', () => {
    const hmt = residentCard() as unknown as Record<string, unknown>;
    const permit = { ...hmt, kind: 'hk-macao-taiwan' } as never;
    expect(
      facts({ applicant: { source: 'card', card: permit, registrationRegion: '500151' } }).applicant,
    ).toMatchObject({
      cardType: 'hmt-permit',
      registrationRegion: null,
    });
    expect(
      facts({ applicant: { source: 'card', card: foreignCard(), registrationRegion: '500151' } }).applicant,
    ).toMatchObject({
      cardType: 'foreign-permanent',
      registrationRegion: null,
      nationality: 'GBR',
    });
  });
});

describe('applicant and agent', () => {
  const adult = residentCard();
  const agentCard = residentCard({
    birthDate: '1970-01-01',
    idNumber: withGb11643CheckCharacter('11010119700101002'),
  });

  it('judges the applicant: a typed child with an agent card is a child', () => {
    const f = facts({
      applicant: {
        source: 'typed',
        cardType: 'resident',
        idNumber: withGb11643CheckCharacter('50015120150901001'),
        registrationRegion: '500151',
      },
      agent: { card: agentCard, relation: 'guardian' },
    });
    expect(f.applicant.age).toBe(10);
    expect(f.agent).toMatchObject({ present: true, relation: 'guardian', age: 55 });
  });

  it("never lets the agent's card stand for the applicant's ID card", () => {
    const f = facts({
      applicant: {
        source: 'typed',
        cardType: 'resident',
        idNumber: adult.idNumber,
        registrationRegion: '500151',
      },
      agent: { card: agentCard, relation: 'entrusted' },
    });
    const materials = applicableMaterials(catalog, 'SOCIAL-SECURITY-CARD', f, {});
    expect(materials.find((m) => m.id === 'applicant-id-card')).toMatchObject({
      satisfied: false,
      forAgent: false,
    });
    expect(materials.find((m) => m.id === 'agent-id-card')).toMatchObject({
      satisfied: true,
      forAgent: true,
    });
    const result = run('SOCIAL-SECURITY-CARD', f, { missing: ['applicant-id-card'] });
    expect(lines(result)).toEqual(['bring:applicant-id-card']);
  });

  it('asks a guardian for the household register or birth certificate, never a power of attorney', () => {
    const child = residentCard({ birthDate: '2015-09-01' });
    const f = facts({
      applicant: { source: 'card', card: child, registrationRegion: '500151' },
      agent: { card: agentCard, relation: 'guardian' },
    });
    const ids = applicableMaterials(catalog, 'SOCIAL-SECURITY-CARD', f, {}).map((m) => m.id);
    expect(ids).toContain('guardianship-proof');
    expect(ids).not.toContain('power-of-attorney');
  });

  it('takes a guardian for an under-16 ID card even though the item admits no agent', () => {
    const child = residentCard({ birthDate: '2015-09-01', validFrom: '2021-01-01', validTo: '2026-01-01' });
    const form = item('ID-CARD-RENEWAL').exampleBase.form;
    const withGuardian = facts({
      applicant: { source: 'card', card: child, registrationRegion: '500151' },
      agent: { card: agentCard, relation: 'guardian' },
    });
    expect(run('ID-CARD-RENEWAL', withGuardian, { form }).outcome).toBe('pass');
    const alone = facts({ applicant: { source: 'card', card: child, registrationRegion: '500151' } });
    expect(run('ID-CARD-RENEWAL', alone, { form }).refusals.map((r) => r.ruleId)).toEqual([
      'guardian-required',
    ]);
  });
});

describe('credit restriction attaches to the applicant', () => {
  const company = { source: 'company' as const, uscc: '91500151MA5U000011' };
  const three = ['site-plans', 'hygiene-inspection-report', 'hygiene-management-rules'];
  const representative = residentCard();

  it('a restricted company gets the notice, with a line that exposes no list', () => {
    const f = facts({
      applicant: company,
      creditRestricted: true,
      agent: { card: representative, relation: 'representative' },
    });
    const result = run('PUBLIC-HYGIENE-LICENCE', f, { missing: three });
    expect(result.outcome).toBe('notice');
    expect(lines(result)).toEqual(['credit', ...three.map((id) => `bring:${id}`)]);
    const credit = result.problems.find((p) => p.kind === 'credit')!;
    expect(JSON.stringify(credit.message)).not.toMatch(/失信|名单|list|dishonest/i);
    expect(applicableMaterials(catalog, 'PUBLIC-HYGIENE-LICENCE', f, {}).some((m) => m.promisable)).toBe(
      false,
    );
  });

  it('an unrestricted company keeps its commitment whoever acts for it', () => {
    const f = facts({ applicant: company, agent: { card: representative, relation: 'entrusted' } });
    const result = run('PUBLIC-HYGIENE-LICENCE', f, { missing: three });
    expect(result.outcome).toBe('commitment');
    expect(result.commitment).toMatchObject({
      kinds: ['non-core'],
      licensee: { uscc: '91500151MA5U000011' },
    });
    expect(result.commitment!.breach['zh-CN']).toMatch(/撤销/);
    expect(result.promised.map((p) => p.deadline)).toEqual(['2026-02-28', '2026-02-28', '2026-02-28']);
  });

  it('the applicant may decline and bring the proofs', () => {
    const f = facts({ applicant: company, agent: { card: representative, relation: 'representative' } });
    const result = run('PUBLIC-HYGIENE-LICENCE', f, { missing: three, decline: true });
    expect(result.outcome).toBe('notice');
    expect(lines(result)).toEqual(three.map((id) => `bring:${id}`));
  });
});

describe('three kinds of commitment', () => {
  const person = facts({ applicant: { source: 'card', card: residentCard(), registrationRegion: '500151' } });

  it('full trust owes nothing later and has no due date; non-core is due in calendar days', () => {
    const result = run('ENTERPRISE-START', person, { missing: ['residence-proof', 'tax-officer-id'] });
    expect(result.outcome).toBe('commitment');
    expect(result.commitment!.kinds).toEqual(['full-trust', 'non-core']);
    expect(result.promised).toEqual([
      expect.objectContaining({
        materialId: 'residence-proof',
        kind: 'full-trust',
        within: null,
        deadline: null,
      }),
      expect.objectContaining({
        materialId: 'tax-officer-id',
        kind: 'non-core',
        within: { days: 30 },
        deadline: '2026-01-30',
      }),
    ]);
  });

  it('core-later: a core material promised in working days, offered only where the item allows and the applicant is not restricted', () => {
    const company = { source: 'company' as const, uscc: '91500151MA5U000011' };
    const agent = { card: residentCard(), relation: 'representative' as const };
    // A 5 m × 2.5 m sign: over 10 m², so the structural report (core) applies.
    const form = { ...item('SHOP-SIGN').exampleBase.form, signWidth: '5', signHeight: '2.5' };
    // Friday 2026-01-09 10:00 in China: the period starts on Monday.
    const friday = new Date('2026-01-09T02:00:00Z');
    const clean = buildFacts({
      now: friday,
      hall: TONGLIANG,
      applicant: company,
      creditRestricted: false,
      agent,
    });
    const report = applicableMaterials(catalog, 'SHOP-SIGN', clean, form).find(
      (m) => m.id === 'structural-safety-report',
    )!;
    expect(report).toMatchObject({ core: true, promisable: true, commitmentKind: 'core-later' });

    const result = run('SHOP-SIGN', clean, { form, missing: ['structural-safety-report', 'location-map'] });
    expect(result.outcome).toBe('commitment');
    expect(result.commitment).toMatchObject({
      kinds: ['non-core', 'core-later'],
      licensee: { name: '铜梁区某某面馆', uscc: '91500151MA5U000011' },
    });
    expect(result.promised).toEqual([
      expect.objectContaining({ materialId: 'location-map', kind: 'non-core', deadline: '2026-01-24' }),
      expect.objectContaining({
        materialId: 'structural-safety-report',
        kind: 'core-later',
        within: { workingDays: 20 },
        deadline: '2026-02-06',
      }),
    ]);
    expect(result.materials.find((m) => m.materialId === 'structural-safety-report')).toMatchObject({
      core: true,
      status: 'promised',
    });

    // Restricted: 可容缺 is not shown, and the same case is a notice that still lists the report.
    const restricted = buildFacts({
      now: friday,
      hall: TONGLIANG,
      applicant: company,
      creditRestricted: true,
      agent,
    });
    expect(
      applicableMaterials(catalog, 'SHOP-SIGN', restricted, form).find(
        (m) => m.id === 'structural-safety-report',
      ),
    ).toMatchObject({ promisable: false });
    const refused = run('SHOP-SIGN', restricted, { form, missing: ['structural-safety-report'] });
    expect(refused.outcome).toBe('notice');
    expect(lines(refused)).toEqual(['credit', 'bring:structural-safety-report']);
    // Declined: the report is to be brought, and no credit line (nothing was withheld).
    const declined = run('SHOP-SIGN', clean, { form, missing: ['structural-safety-report'], decline: true });
    expect(lines(declined)).toEqual(['bring:structural-safety-report']);
  });

  it('counts months by the calendar (民法典 art. 202) and working days without weekends', () => {
    expect(addMonths('2025-12-31', 2)).toBe('2026-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-06-15', 2)).toBe('2025-08-15');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    // Friday 2025-12-26 + 3 working days = Wednesday 2025-12-31.
    expect(addWorkingDays('2025-12-26', 3)).toBe('2025-12-31');
    expect(addWorkingDays('2025-12-31', 1)).toBe('2026-01-01');
  });
});

describe('not accepted apart from corrections', () => {
  it('a refusal is never also a notice line, whatever else is missing', () => {
    const f = facts({ applicant: { source: 'card', card: residentCard(), registrationRegion: '500151' } });
    const result = run('RESIDENCE-PERMIT', f, {
      form: { ...item('RESIDENCE-PERMIT').exampleBase.form, mobile: 'nope' },
      missing: ['employment-proof'],
    });
    expect(result.outcome).toBe('not-accepted');
    expect(result.refusals).toEqual([
      expect.objectContaining({
        ruleId: 'registered-elsewhere',
        whereInstead: expect.any(Object),
        basis: expect.any(Object),
      }),
    ]);
    expect(result.problems).toEqual([]);
  });

  it('every notice line carries its basis', () => {
    for (const it of catalog.items) {
      for (const example of it.examples) {
        const result = evaluate(catalog, exampleInput(catalog, it, example));
        for (const line of result.problems)
          expect(line.basis['zh-CN'].length, `${it.code} ${example.name}`).toBeGreaterThan(0);
        for (const refusal of result.refusals) expect(refusal.basis['zh-CN'].length).toBeGreaterThan(0);
      }
    }
  });

  it('answers an unknown item with not-accepted, and lists unanswered materials', () => {
    const f = facts({ applicant: { source: 'card', card: residentCard(), registrationRegion: '500151' } });
    expect(evaluate(catalog, { itemCode: 'NOPE', facts: f, form: {}, checklist: {} }).outcome).toBe(
      'not-accepted',
    );
    const result = evaluate(catalog, {
      itemCode: 'SOCIAL-SECURITY-CARD',
      facts: f,
      form: item('SOCIAL-SECURITY-CARD').exampleBase.form,
      checklist: {},
    });
    expect(result.unanswered).toEqual(['photo-receipt']);
    expect(lines(result)).toEqual(['bring:photo-receipt']);
  });
});

describe('invariants over every item', () => {
  const codes = catalog.items.map((it) => it.code);
  const relations = [null, 'entrusted', 'guardian', 'representative'] as const;

  it('never a ticket with an applicable material missing; a commitment only when all missing are promisable; never for the restricted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.constantFrom(...relations),
        fc.boolean(),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        (code, relation, restricted, bits) => {
          const it = item(code);
          const base = exampleInput(catalog, it, it.examples[0]!);
          const f: Facts = {
            ...base.facts,
            applicant: { ...base.facts.applicant, creditRestricted: restricted },
            agent:
              relation === null
                ? { present: false, relation: null, cardType: null, age: null, cardValid: true }
                : { present: true, relation, cardType: 'resident', age: 40, cardValid: true },
          };
          const all = [...it.materials, ...catalog.agentMaterials].map((m) => m.id);
          const checklist = Object.fromEntries(
            all.map((id, i) => [id, bits[i % bits.length] ? 'have' : 'missing']),
          ) as Checklist;
          const result = evaluate(catalog, { itemCode: code, facts: f, form: base.form, checklist });
          const applicable = applicableMaterials(catalog, code, f, base.form);
          const missing = applicable.filter((m) => !m.satisfied && checklist[m.id] !== 'have');
          if (result.outcome === 'pass') expect(missing).toEqual([]);
          if (result.outcome === 'commitment') {
            expect(restricted).toBe(false);
            expect(missing.every((m) => m.promisable)).toBe(true);
            expect(result.promised.map((p) => p.materialId).sort()).toEqual(missing.map((m) => m.id).sort());
          }
          if (result.outcome === 'notice') {
            const brought = result.problems.flatMap((p) => (p.kind === 'bring' ? [p.materialId] : []));
            expect(brought.sort()).toEqual(missing.map((m) => m.id).sort());
          }
          if (result.outcome === 'not-accepted') expect(result.problems).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (f, form, checklist) => {
        const result = evaluate(catalog, {
          itemCode: 'PUBLIC-HYGIENE-LICENCE',
          facts: f,
          form,
          checklist,
        } as never);
        expect(['pass', 'notice', 'commitment', 'not-accepted']).toContain(result.outcome);
        applicableFields(catalog, 'PUBLIC-HYGIENE-LICENCE', f as never, form as never);
      }),
      { numRuns: 200 },
    );
  });

  it('works on a structured clone of the catalog (as sent over IPC)', () => {
    const clone = structuredClone(catalog);
    const it = item('PUBLIC-HYGIENE-LICENCE');
    const input = exampleInput(clone, it, it.examples[0]!);
    expect(evaluate(clone, input).outcome).toBe('pass');
  });
});
