// Where a resident's household registration (户籍) is, read from the card's ADDRESS — never from the
// ID number. The number's first six digits record where the number was first issued and never
// change when the hukou moves (a Chongqing resident born before 1997 holds a 5102xx number from when
// the city was part of Sichuan). The card's 住址 is the registered address (居民身份证法 art. 3), and
// when the hukou moves the police write the new address into the chip, not onto the printed face
// (art. 11), so the chip's latest address wins over the printed one.
//
// Matching is by GB/T 2260 names: province, then city, then district or county, each the longest
// name that the address starts with, including the former names of renamed districts (铜梁县 became
// 铜梁区 in 2014; 开县 became 开州区 in 2016; 崇文区 merged into 东城区 in 2010). When a level cannot
// be matched the result stops at the level above and says so; the flow then asks the citizen.
import regionTable from '../../resources/regions/gb2260.json' with { type: 'json' };

const NAMES: Readonly<Record<string, string>> = regionTable;
/** City rows that only group districts (municipalities, directly administered counties). */
const PLACEHOLDER_CITY_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** Former names of county-level divisions still printed on older cards, with today's code. Renames
 *  that only swap the suffix (X县 → X区, X县 → X市) are matched without a table entry. */
export const FORMER_DISTRICT_NAMES: Readonly<Record<string, string>> = {
  // Beijing, 2010: 崇文 and 宣武 merged into 东城 and 西城.
  北京市崇文区: '110101',
  北京市宣武区: '110102',
  // Chongqing, 2011: 双桥区 merged into 大足区; 万盛区 into 綦江区.
  重庆市双桥区: '500111',
  重庆市万盛区: '500110',
  // Chongqing, 2016: 开县 became 开州区 (a new name, not only a new suffix).
  重庆市开县: '500154',
  // Shanghai, 2011 and 2015: 卢湾 into 黄浦, 闸北 into 静安.
  上海市卢湾区: '310101',
  上海市闸北区: '310106',
  // Tianjin, 2009: 塘沽、汉沽、大港 into 滨海新区.
  天津市塘沽区: '120116',
  天津市汉沽区: '120116',
  天津市大港区: '120116',
};

export type RegistrationSource = 'latest-address' | 'address' | 'declared';

export interface Registration {
  /** GB/T 2260 code of the most specific level matched (xx0000, xxxx00 or a county-level code). */
  code: string;
  province: string;
  city?: string;
  district?: string;
  /** Most specific level matched from the address. */
  matchedLevel: 'province' | 'city' | 'district';
  /** Which address it was read from, or declared by the citizen on screen. */
  source: RegistrationSource;
}

interface Division {
  code: string;
  name: string;
}

const provinces: Division[] = [];
const children = new Map<string, Division[]>();

for (const [code, name] of Object.entries(NAMES)) {
  if (code.endsWith('0000')) {
    provinces.push({ code, name });
  } else if (code.endsWith('00')) {
    const key = `${code.slice(0, 2)}0000`;
    children.set(key, [...(children.get(key) ?? []), { code, name }]);
  } else {
    const key = `${code.slice(0, 4)}00`;
    children.set(key, [...(children.get(key) ?? []), { code, name }]);
  }
}

const SUFFIXES = ['特别行政区', '维吾尔自治区', '壮族自治区', '回族自治区', '自治区', '省', '市'];

/** "广西壮族自治区" is also written "广西"; "北京市" also "北京". */
function provinceNames(name: string): string[] {
  for (const suffix of SUFFIXES) {
    if (name.endsWith(suffix) && name.length > suffix.length) return [name, name.slice(0, -suffix.length)];
  }
  return [name];
}

/** The county-level name and the spellings an older card may carry: the same stem with 县, 区 or 市. */
function countyNames(name: string): string[] {
  const match = /^(.{2,})(县|区|市)$/u.exec(name);
  if (!match) return [name];
  const stem = match[1]!;
  return [name, ...['县', '区', '市'].filter((s) => s !== match[2]).map((s) => stem + s)];
}

function longestPrefix<T>(
  text: string,
  candidates: readonly T[],
  names: (candidate: T) => string[],
): { candidate: T; length: number } | null {
  let best: { candidate: T; length: number } | null = null;
  for (const candidate of candidates) {
    for (const name of names(candidate)) {
      if (text.startsWith(name) && (!best || name.length > best.length))
        best = { candidate, length: name.length };
    }
  }
  return best;
}

/** Spaces and full-width spaces printed between the parts of an address mean nothing here. */
function compact(address: string): string {
  return address.replace(/[\s\u3000]+/g, '');
}

/** Matches an address to GB/T 2260 names; null when not even the province can be named. */
export function registrationFromAddress(
  address: string,
  source: Exclude<RegistrationSource, 'declared'> = 'address',
): Registration | null {
  const text = compact(address);
  if (text === '') return null;

  for (const [former, code] of Object.entries(FORMER_DISTRICT_NAMES)) {
    if (text.startsWith(former)) return { ...namesOf(code), matchedLevel: 'district', source };
  }

  const province = longestPrefix(text, provinces, (p) => provinceNames(p.name));
  if (!province) return null;
  let rest = text.slice(province.length);
  const provinceCode = province.candidate.code;
  const cityRows = children.get(provinceCode) ?? [];

  // Named cities first (成都市…); municipalities and directly administered counties have only
  // placeholder rows, whose districts are searched directly.
  const namedCities = cityRows.filter((c) => !PLACEHOLDER_CITY_NAMES.has(c.name));
  const city = longestPrefix(rest, namedCities, (c) => [c.name]);
  let districtPool: Division[];
  let cityCode: string | null = null;
  if (city) {
    cityCode = city.candidate.code;
    rest = rest.slice(city.length);
    districtPool = children.get(cityCode) ?? [];
  } else {
    districtPool = cityRows
      .filter((c) => PLACEHOLDER_CITY_NAMES.has(c.name))
      .flatMap((c) => children.get(c.code) ?? []);
  }
  const district = longestPrefix(rest, districtPool, (d) => countyNames(d.name));
  if (district) return { ...namesOf(district.candidate.code), matchedLevel: 'district', source };
  if (cityCode) return { ...namesOf(cityCode), matchedLevel: 'city', source };
  return { ...namesOf(provinceCode), matchedLevel: 'province', source };
}

function namesOf(code: string): Pick<Registration, 'code' | 'province' | 'city' | 'district'> {
  const province = NAMES[`${code.slice(0, 2)}0000`] ?? '';
  const cityName = NAMES[`${code.slice(0, 4)}00`];
  const city = cityName && !PLACEHOLDER_CITY_NAMES.has(cityName) ? cityName : undefined;
  const district = code.endsWith('00') ? undefined : NAMES[code];
  return { code, province, ...(city && { city }), ...(district && { district }) };
}

export interface AddressedCard {
  kind: string;
  address?: string;
  /** The chip's latest address (30 03), when the reader got one. */
  latestAddress?: string | null;
}

/** 户籍 of a card holder: resident cards only, the chip's latest address first. A Hong Kong, Macao
 *  or Taiwan residence permit's address is where the person lives, not a 户籍; a foreign permanent
 *  residence card has none. null means "not known from the card": the flow asks, it never guesses. */
export function registrationOfCard(card: AddressedCard): Registration | null {
  if (card.kind !== 'resident') return null;
  // The chip's latest address is the newer record: it wins whenever it names a place at all.
  const latest = card.latestAddress?.trim();
  const fromLatest = latest ? registrationFromAddress(latest, 'latest-address') : null;
  if (fromLatest) return fromLatest;
  const printed = card.address?.trim();
  return printed ? registrationFromAddress(printed, 'address') : null;
}

export interface RegistrationChoice {
  code: string;
  name: string;
}

/** The choices put to a citizen whose address could not be matched: the districts and counties of
 *  the hall's city (a municipality's districts and counties together), the other cities of the
 *  hall's province, and the other provinces. Every choice is specific enough that comparing it with
 *  the hall is right: a district of the hall's own city is never given as the city as a whole. */
export function registrationChoices(hallRegionCode: string): {
  hallCity: RegistrationChoice[];
  otherCities: RegistrationChoice[];
  provinces: RegistrationChoice[];
} {
  const provinceCode = `${hallRegionCode.slice(0, 2)}0000`;
  const cityCode = `${hallRegionCode.slice(0, 4)}00`;
  const cityRows = children.get(provinceCode) ?? [];
  const municipality = PLACEHOLDER_CITY_NAMES.has(NAMES[cityCode] ?? '');
  const hallCityRows = municipality
    ? cityRows.filter((c) => PLACEHOLDER_CITY_NAMES.has(c.name))
    : cityRows.filter((c) => c.code === cityCode);
  return {
    hallCity: hallCityRows
      .flatMap((c) => children.get(c.code) ?? [])
      .map(({ code, name }) => ({ code, name })),
    otherCities: municipality
      ? []
      : cityRows.filter((c) => c.code !== cityCode && !PLACEHOLDER_CITY_NAMES.has(c.name)),
    provinces: provinces.filter((p) => p.code !== provinceCode),
  };
}

/** The registration a citizen chose on screen (one of registrationChoices), or null for a code
 *  that was not offered. */
export function declaredRegistration(code: string, hallRegionCode: string): Registration | null {
  const choices = registrationChoices(hallRegionCode);
  const offered = [...choices.hallCity, ...choices.otherCities, ...choices.provinces];
  if (!offered.some((choice) => choice.code === code)) return null;
  const level = code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'city' : 'district';
  return { ...namesOf(code), matchedLevel: level, source: 'declared' };
}
