// Cards, halls and filled-in forms shared by the pre-review tests.
import path from 'node:path';
import type { IdCard, ResidentIdCard } from '../../../domain/identity/card.ts';
import { withGb11643CheckCharacter } from '../../../domain/identity/id-number.ts';
import { lookupRegion } from '../../../domain/identity/region.ts';
import { type Catalog, loadCatalog } from '../../../main/prereview/index.ts';

export const CATALOG_DIR = path.resolve(import.meta.dirname, '../../../resources/catalog');

export function bundledCatalog(): Catalog {
  const result = loadCatalog(CATALOG_DIR);
  if (!result.ok) throw new Error(result.error.message);
  return result.catalog;
}

/** 2025-06-15 10:00 in China. */
export const NOW = new Date('2025-06-15T02:00:00Z');
/** A district hall in Beijing's Dongcheng district. */
export const HALL = { regionCode: '110101', name: '东城区政务服务中心' };

export function residentCard(overrides: Partial<ResidentIdCard> = {}): ResidentIdCard {
  const regionCode = overrides.region?.code ?? '110101';
  const birth = (overrides.birthDate ?? '1985-03-12').replaceAll('-', '');
  const idNumber = withGb11643CheckCharacter(`${regionCode}${birth}001`);
  return {
    kind: 'resident',
    name: '张三',
    sex: 'male',
    nationCode: '01',
    nation: '汉',
    birthDate: '1985-03-12',
    address: '北京市东城区景山前街4号',
    idNumber,
    issuer: '北京市公安局东城分局',
    validFrom: '2016-05-20',
    validTo: '2036-05-20',
    displayName: '张三',
    photo: 'encrypted-wlt',
    checkDigitValid: true,
    region: lookupRegion(regionCode)!,
    ...overrides,
  };
}

export function foreignCard(): IdCard {
  return {
    kind: 'foreign-2023',
    englishName: 'SMITH JOHN',
    chineseName: '',
    sex: 'male',
    renewalCount: 0,
    birthDate: '1980-01-01',
    idNumber: withGb11643CheckCharacter('93111019800101001'),
    issuer: '国家移民管理局',
    validFrom: '2023-12-01',
    validTo: '2033-12-01',
    nationality: 'GBR',
    previousNumberLink: '',
    displayName: 'SMITH JOHN',
    photo: 'encrypted-wlt',
    checkDigitValid: true,
    region: lookupRegion('110000')!,
  };
}

export const MOBILE = '13912345678';
/** Tongliang district, Chongqing: the hall of the catalog's worked examples. */
export const TONGLIANG = { regionCode: '500151', name: '铜梁区政务服务中心' };
