import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { citizenBasis } from '../../../../main/prereview/slips/basis-text.ts';

const itemsDir = path.resolve(import.meta.dirname, '../../../../resources/catalog/items');

/** Every string in the bundled catalog that holds a review note, wherever it sits. */
function notedStrings(): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (/未在法规库核对|not checked in the law library/.test(value)) found.push(value);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const file of fs.readdirSync(itemsDir).filter((name) => name.endsWith('.json')))
    walk(JSON.parse(fs.readFileSync(path.join(itemsDir, file), 'utf8')));
  return found;
}

describe('citizenBasis', () => {
  it('drops only the review-note clauses, keeping the citation and the other remarks', () => {
    expect(citizenBasis('某某办法第五条（地方文件，未在法规库核对）')).toBe('某某办法第五条（地方文件）');
    expect(citizenBasis('Measures art. 5 (local, not checked in the law library)')).toBe(
      'Measures art. 5 (local)',
    );
    expect(citizenBasis('国发〔2014〕8号（文件未在法规库核对）；另见某条例')).toBe(
      '国发〔2014〕8号；另见某条例',
    );
    expect(citizenBasis('条例第九条（30 万元以下可以不申请；条文未在法规库核对，按议题所引）')).toBe(
      '条例第九条（30 万元以下可以不申请）',
    );
    expect(
      citizenBasis(
        'Rules art. 9 (CNY 300,000 or less; text not checked in the law library, as cited in the issue)',
      ),
    ).toBe('Rules art. 9 (CNY 300,000 or less)');
    // Nothing to drop: the text comes back as it was, remarks for the citizen included.
    const practice = 'Social Security Card Measures, application materials (agency practice, not an article)';
    expect(citizenBasis(practice)).toBe(practice);
  });

  it('leaves no review note, empty bracket or dangling separator in any basis of the bundled catalog', () => {
    const noted = notedStrings();
    expect(noted.length).toBeGreaterThan(50);
    for (const text of noted) {
      const printed = citizenBasis(text);
      expect(printed, text).not.toMatch(/法规库|law library|按议题所引|as cited in the issue/);
      expect(printed, text).not.toMatch(/[（(]\s*[）)]|[（(][；;，,]|[；;，,][）)]/);
      // The citation itself survives: what was before the first note is still there.
      const head = text.split(/[（(]/)[0]!.trim();
      expect(printed.startsWith(head), text).toBe(true);
    }
  });
});
