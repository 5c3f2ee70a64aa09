// Finding an item: by Chinese or English name, keywords, pinyin initials ("sbk") or whole pinyin.
import { pinyin } from 'pinyin-pro';
import type { Catalog } from './catalog.ts';
import type { Category, Locale, ServiceItem } from './schema.ts';

export interface CategoryGroup {
  category: Category;
  items: ServiceItem[];
}

/** Categories in catalog order, each with its items; empty categories are left out. */
export function categories(catalog: Catalog): CategoryGroup[] {
  return catalog.categories
    .map((category) => ({ category, items: catalog.items.filter((item) => item.category === category.id) }))
    .filter((group) => group.items.length > 0);
}

export interface SearchKeys {
  /** Pinyin initials of the Chinese name and of each Chinese keyword, e.g. "sbk" for 社保卡. */
  initials: string[];
  /** Whole pinyin without tones or spaces, e.g. "shebaoka". */
  syllables: string[];
}

function pinyinKeys(text: string): { initials: string; syllables: string } {
  const options = { toneType: 'none', type: 'array', nonZh: 'consecutive' } as const;
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return {
    initials: clean(pinyin(text, { ...options, pattern: 'first' }).join('')),
    syllables: clean(pinyin(text, options).join('')),
  };
}

// Computed on the first search of a catalog rather than at load: the pinyin dictionary takes tens of
// milliseconds to wake up, which the load (and every sync replacement) should not pay.
const keysByCatalog = new WeakMap<Catalog, ReadonlyMap<string, SearchKeys>>();

/** Pinyin search keys of every item of the catalog, by item code. */
export function searchKeys(catalog: Catalog): ReadonlyMap<string, SearchKeys> {
  const known = keysByCatalog.get(catalog);
  if (known) return known;
  const keys = new Map<string, SearchKeys>();
  for (const item of catalog.items) {
    const parts = [item.name['zh-CN'], ...item.keywords['zh-CN']].map(pinyinKeys);
    keys.set(item.code, { initials: parts.map((k) => k.initials), syllables: parts.map((k) => k.syllables) });
  }
  keysByCatalog.set(catalog, keys);
  return keys;
}

function isSubsequence(needle: string, haystack: string): boolean {
  let i = 0;
  for (const ch of haystack) if (ch === needle[i]) i += 1;
  return i === needle.length;
}

function textScore(query: string, text: string, exact: number): number {
  const t = text.toLowerCase();
  if (t === query) return exact;
  if (t.startsWith(query)) return exact - 10;
  if (t.includes(query)) return exact - 20;
  return 0;
}

function score(keys: SearchKeys | undefined, item: ServiceItem, query: string, locale: Locale): number {
  const other: Locale = locale === 'zh-CN' ? 'en' : 'zh-CN';
  let best = Math.max(
    textScore(query, item.name[locale], 100),
    textScore(query, item.name[other], 90),
    ...item.keywords[locale].map((k) => textScore(query, k, 70)),
    ...item.keywords[other].map((k) => textScore(query, k, 65)),
  );
  if (keys && /^[a-z]+$/.test(query)) {
    best = Math.max(
      best,
      ...keys.initials.map((k) => textScore(query, k, 60)),
      ...keys.syllables.map((k) => textScore(query, k, 55)),
      query.length >= 2 && isSubsequence(query, keys.initials[0] ?? '') ? 20 : 0,
    );
  }
  return best;
}

/** Items matching the query, best first (ties keep catalog order). An empty query finds nothing. */
export function searchItems(catalog: Catalog, query: string, locale: Locale): ServiceItem[] {
  const q = typeof query === 'string' ? query.trim().toLowerCase().replace(/\s+/g, ' ') : '';
  if (q === '') return [];
  const compact = q.replace(/ /g, '');
  const keys = searchKeys(catalog);
  return catalog.items
    .map((item, index) => ({
      item,
      index,
      score: Math.max(
        score(keys.get(item.code), item, q, locale),
        score(keys.get(item.code), item, compact, locale),
      ),
    }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((entry) => entry.item);
}
