// Region comparisons for rules (GB/T 2260 six-digit codes). Lives here until the identity code moves to
// domain/identity; it reads no card and no table, only the structure of the codes, so it is safe on any
// input and fast enough to run inside every evaluation.
//
// Two facts of the code structure the old `sameRegion` got wrong:
// - Municipalities (北京 11, 天津 12, 上海 31, 重庆 50) are one city. Their districts are grouped under
//   xx01 (市辖区) and their counties under xx02 (县): 500151 铜梁区 and 500229 城口县 are the same city.
// - A registration made at a higher level covers everything under it: a credit code registered by the
//   Chongqing municipal regulator carries 500000 and is valid at every Chongqing district hall; a code
//   registered at a prefecture (xxyy00) is valid in every district of that prefecture.

export type RegionLevel = 'province' | 'city' | 'district';

const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

export function isRegionCode(value: unknown): value is string {
  return typeof value === 'string' && /^\d{6}$/.test(value);
}

/** True for the four municipalities directly under the central government. */
export function isMunicipality(code: string): boolean {
  return MUNICIPALITIES.has(code.slice(0, 2));
}

/** The level a code itself names: xx0000 a province, xxyy00 a city (prefecture), else a district. For a
 *  municipality xx0100 / xx0200 are only groupings, so they name the municipality as a whole. */
export function levelOf(code: string): RegionLevel {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return isMunicipality(code) ? 'province' : 'city';
  return 'district';
}

const RANK: Readonly<Record<RegionLevel, number>> = { province: 0, city: 1, district: 2 };

/** The key of a code at a level: the part two codes must share to be in the same region there. */
function keyAt(code: string, level: RegionLevel): string {
  if (level === 'province') return code.slice(0, 2);
  if (level === 'city') return isMunicipality(code) ? code.slice(0, 2) : code.slice(0, 4);
  return code;
}

/**
 * Whether `a` and `b` are in the same region at `level`. A code registered at a coarser level than
 * `level` (a province-level credit code, say) is compared at its own level: it covers the whole of
 * its province. Unknown or malformed codes are never the same region as anything.
 */
export function sameRegion(level: RegionLevel, a: unknown, b: unknown): boolean {
  if (!isRegionCode(a) || !isRegionCode(b)) return false;
  const coarsest = [level, levelOf(a), levelOf(b)].reduce((x, y) => (RANK[x] <= RANK[y] ? x : y));
  return keyAt(a, coarsest) === keyAt(b, coarsest);
}

/** The registering authority's region inside a unified social credit code (GB 32100: characters 3–8),
 *  or null when the value is not shaped like one. */
export function usccRegion(uscc: unknown): string | null {
  if (typeof uscc !== 'string' || uscc.length !== 18) return null;
  const region = uscc.slice(2, 8);
  return isRegionCode(region) ? region : null;
}
