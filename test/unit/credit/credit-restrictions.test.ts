import { describe, expect, it } from 'vitest';
import { CreditRestrictions, creditSubjectHash } from '../../../main/credit/credit-restrictions.ts';
import { silentLogger as logger } from '../../../common/log.ts';

const person = '11010519491231002X';
const company = '91500000MA5U0A0A0A';

function list(version: number, entries: Array<{ id: string; until: string | null }>) {
  return {
    kind: 'credit-restrictions',
    version,
    content: {
      entries: entries.map((entry) => ({ subject: creditSubjectHash(entry.id), until: entry.until })),
    },
  };
}

describe('credit restrictions applied on the kiosk', () => {
  it('hashes as central does: the upper-cased id after the versioned prefix', () => {
    expect(creditSubjectHash('11010519491231002x')).toBe(creditSubjectHash(person));
    expect(creditSubjectHash(person)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads each entry's own end date, inclusive, and null as until repaired", () => {
    const credit = new CreditRestrictions(logger);
    expect(
      credit.apply(
        list(1, [
          { id: person, until: '2027-06-30' },
          { id: company, until: null },
        ]),
      ),
    ).toBe(true);
    expect(credit.isRestricted(person, '2027-06-30')).toBe(true);
    expect(credit.isRestricted(person, '2027-07-01')).toBe(false);
    expect(credit.isRestricted(company, '2099-01-01')).toBe(true);
    expect(credit.isRestricted('110105194912310037', '2026-01-01')).toBe(false);
  });

  it('applies only a newer, well-formed list; the newer one replaces the whole list', () => {
    const credit = new CreditRestrictions(logger);
    credit.apply(list(2, [{ id: person, until: null }]));
    expect(credit.apply(list(1, []))).toBe(false);
    expect(
      credit.apply({ kind: 'credit-restrictions', version: 3, content: { entries: [{ subject: 'x' }] } }),
    ).toBe(false);
    expect(credit.isRestricted(person, '2026-01-01')).toBe(true);
    expect(credit.apply(list(4, []))).toBe(true);
    expect(credit.isRestricted(person, '2026-01-01')).toBe(false);
  });

  it('follows the sync service: the list in force at start, then each newer one', () => {
    const listeners: Array<(document: ReturnType<typeof list>) => void> = [];
    const credit = new CreditRestrictions(logger);
    credit.attach({
      currentDocument: () => list(5, [{ id: person, until: null }]),
      onDocument: (listener) => {
        listeners.push(listener);
        return () => undefined;
      },
    });
    expect(credit.isRestricted(person, '2026-01-01')).toBe(true);
    listeners[0]!(list(6, [{ id: company, until: '2030-01-01' }]));
    expect(credit.isRestricted(person, '2026-01-01')).toBe(false);
    expect(credit.isRestricted(company, '2026-01-01')).toBe(true);
  });
});
