// Every sentence the kiosk shows exists in Chinese and English: a key missing or left empty in
// either dictionary fails here, as does a placeholder one language forgot.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluationLevels, evaluationReasons } from '../../../common/hall.ts';
import { en as english } from '../../../renderer/src/i18n/en.ts';
import { zhCN } from '../../../renderer/src/i18n/zh-CN.ts';

const zh = zhCN as Record<string, string>;
const en = english as Record<string, string>;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('zh-CN and en dictionaries', () => {
  it('have the same keys', () => {
    const onlyZh = Object.keys(zh).filter((key) => !(key in en));
    const onlyEn = Object.keys(en).filter((key) => !(key in zh));
    expect({ onlyZh, onlyEn }).toEqual({ onlyZh: [], onlyEn: [] });
  });

  it('have no empty sentence', () => {
    const empty = Object.entries({ ...prefix('zh-CN', zh), ...prefix('en', en) })
      .filter(([, text]) => typeof text !== 'string' || text.trim() === '')
      .map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = Object.keys(zh).filter(
      (key) => key in en && placeholders(zh[key]!).join() !== placeholders(en[key]!).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('hold every key the citizen screens build at run time', () => {
    const built = [
      ...evaluationLevels.map((level) => `evaluation.level.${level}`),
      ...evaluationReasons.map((reason) => `evaluation.reason.${reason}`),
      ...['pass', 'notice', 'commitment'].flatMap((outcome) => [
        `outcome.${outcome}.title`,
        `outcome.${outcome}.lead`,
        `outcome.${outcome}.action`,
        `guide.outcome.${outcome}`,
      ]),
      ...['ticket', 'notice', 'commitment'].map((kind) => `done.${kind}`),
    ];
    expect(built.filter((key) => !(key in zh) || !(key in en))).toEqual([]);
  });

  it('hold every literal key the renderer passes to t()', () => {
    const root = path.resolve(import.meta.dirname, '../../../renderer/src');
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(entry.name) && !entry.name.includes('zh-CN') && !entry.name.includes('-en'))
          for (const match of fs
            .readFileSync(file, 'utf8')
            .matchAll(/\b(?:t|tk|useGuidance|translate\([^,]+,)\s*\(?\s*'([a-z][\w-]*(?:\.[\w-]+)+)'/g))
            used.add(match[1]!);
      }
    };
    walk(root);
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((key) => !(key in zh) || !(key in en))).toEqual([]);
  });
});

function prefix(locale: string, dictionary: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(dictionary).map(([key, text]) => [`${locale}:${key}`, text]));
}
