// Region of household registration from the first six digits of an ID number (GB/T 2260).
import regionTable from '../../resources/regions/gb2260.json' with { type: 'json' };

export const GB2260_EDITION = '2023 (statistics bureau codes as of 2023-06-30)';

const NAMES: Readonly<Record<string, string>> = regionTable;
/** City rows that only group districts (municipalities, directly administered counties). */
const PLACEHOLDER_CITY_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

export type RegionLevel = 'province' | 'city' | 'district';

export interface Region {
  code: string;
  province: string;
  city?: string;
  district?: string;
  /** The most specific level the table could name for this code. */
  matchedLevel: RegionLevel;
  /** False when the code itself is not in the current table (an abolished or renamed district):
   *  the names are those of its city or province. */
  exactMatch: boolean;
}

function nameOf(code: string): string | undefined {
  return Object.hasOwn(NAMES, code) ? NAMES[code] : undefined;
}

export function lookupRegion(code: string): Region | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const provinceCode = `${code.slice(0, 2)}0000`;
  const province = nameOf(provinceCode);
  if (province === undefined) return undefined;
  if (code === provinceCode) return { code, province, matchedLevel: 'province', exactMatch: true };

  const cityCode = `${code.slice(0, 4)}00`;
  const cityName = nameOf(cityCode);
  const city = cityName !== undefined && !PLACEHOLDER_CITY_NAMES.has(cityName) ? cityName : undefined;
  const cityLevel: RegionLevel = city === undefined ? 'province' : 'city';
  if (code === cityCode) {
    return {
      code,
      province,
      ...(city && { city }),
      matchedLevel: cityLevel,
      exactMatch: cityName !== undefined,
    };
  }

  const district = nameOf(code);
  if (district === undefined) {
    return { code, province, ...(city && { city }), matchedLevel: cityLevel, exactMatch: false };
  }
  return { code, province, ...(city && { city }), district, matchedLevel: 'district', exactMatch: true };
}

/** "北京市 东城区", "河北省 邯郸市" — for display; the structured fields are for rules. */
export function regionLabel(region: Region): string {
  return [region.province, region.city, region.district].filter(Boolean).join(' ');
}
