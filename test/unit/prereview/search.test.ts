import { describe, expect, it } from 'vitest';
import { categories, searchItems } from '../../../main/prereview/index.ts';
import { bundledCatalog } from './fixtures.ts';

const catalog = bundledCatalog();
const first = (query: string, locale: 'zh-CN' | 'en' = 'zh-CN') =>
  searchItems(catalog, query, locale)[0]?.code;

describe('searchItems', () => {
  it.each([
    ['sbk', 'SOCIAL-SECURITY-CARD'],
    ['shebaoka', 'SOCIAL-SECURITY-CARD'],
    ['社保卡', 'SOCIAL-SECURITY-CARD'],
    ['sfz', 'ID-CARD-RENEWAL'],
    ['身份证', 'ID-CARD-RENEWAL'],
    ['jzz', 'RESIDENCE-PERMIT'],
    ['卫生许可', 'PUBLIC-HYGIENE-LICENCE'],
    ['sgxkz', 'CONSTRUCTION-PERMIT'],
    ['个体户', 'SOLE-TRADER-REGISTER'],
    ['zsz', 'BIRTH-REGISTRATION'],
    ['yyz', 'TRANSPORT-CERT-ISSUE'],
  ])('%s finds %s first', (query, code) => {
    expect(first(query)).toBe(code);
  });

  it('searches English names and keywords', () => {
    expect(first('residence permit', 'en')).toBe('RESIDENCE-PERMIT');
    expect(first('SHOP SIGN', 'en')).toBe('SHOP-SIGN');
  });

  it('finds nothing for an empty or unrelated query', () => {
    expect(searchItems(catalog, '   ', 'zh-CN')).toEqual([]);
    expect(searchItems(catalog, '火箭发射', 'zh-CN')).toEqual([]);
  });
});

describe('categories', () => {
  it('groups every item under its category, in catalog order', () => {
    const groups = categories(catalog);
    expect(groups.flatMap((g) => g.items).length).toBe(catalog.items.length);
    expect(groups.find((g) => g.category.id === 'social-security')!.items.map((i) => i.code)).toEqual([
      'RESIDENT-PENSION-ENROL',
      'SOCIAL-SECURITY-CARD',
    ]);
  });
});
