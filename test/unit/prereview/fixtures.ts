// Cards, halls and filled-in forms shared by the pre-review tests.
import path from 'node:path';
import type { IdCard, ResidentIdCard } from '../../../domain/identity/card.ts';
import { withGb11643CheckCharacter } from '../../../domain/identity/id-number.ts';
import { lookupRegion } from '../../../domain/identity/region.ts';
import {
  type Catalog,
  type Checklist,
  type FormValues,
  applicableMaterials,
  buildFacts,
  loadCatalog,
  prefillForm,
} from '../../../main/prereview/index.ts';

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

export const VALID_USCC = '91110101MA01AAAA0G';
export const MOBILE = '13912345678';

/** The typed-in part of a form that passes, per item (the card fills the rest). */
export const PASSING_INPUT: Record<string, FormValues> = {
  'PUBLIC-HYGIENE-LICENCE': {
    unitName: '东城区某某美发店',
    uscc: VALID_USCC,
    premisesAddress: '北京市东城区某街1号',
    premisesType: 'barber-beauty',
    floorArea: '80',
    centralAirConditioning: 'no',
    mobile: MOBILE,
  },
  'CONSTRUCTION-PERMIT': {
    builderName: '某某置业有限公司',
    uscc: VALID_USCC,
    projectName: '某某住宅楼',
    projectAddress: '北京市东城区某路2号',
    contractPrice: '1200',
    floorArea: '8600',
    contractDays: '540',
    fundsInPlace: '400',
    mobile: MOBILE,
  },
  'TEACHER-CERT-REPLACE': {
    certificateNumber: '20101100001234567',
    certificateType: 'primary',
    reason: 'damaged',
    mobile: MOBILE,
  },
  'TRANSPORT-CERT-ISSUE': {
    operatorName: '某某物流有限公司',
    uscc: VALID_USCC,
    operatingLicenceNumber: '110101000123',
    plateNumber: '京A12345',
    vehicleType: 'ordinary-cargo',
    totalMass: '8000',
    mobile: MOBILE,
  },
  'SHOP-SIGN': {
    shopName: '某某小店',
    uscc: VALID_USCC,
    shopAddress: '北京市东城区某街3号',
    signWidth: '4',
    signHeight: '0.8',
    illuminated: 'no',
    usesTrademark: 'no',
    mobile: MOBILE,
  },
  'RESIDENT-PENSION-ENROL': {
    isStudent: 'no',
    inEmployeePension: 'no',
    contributionGrade: '500',
    mobile: MOBILE,
  },
  'RESIDENCE-PERMIT': {
    currentAddress: '北京市东城区某胡同5号',
    registeredSixMonths: 'yes',
    residenceBasis: 'employment',
    mobile: MOBILE,
  },
  'SOLE-TRADER-REGISTER': {
    businessScope: '理发服务',
    premisesAddress: '北京市东城区某街6号',
    employees: '2',
    licensedActivity: 'no',
    mobile: MOBILE,
  },
  'ENTERPRISE-START': {
    companyName: '北京某某科技有限公司',
    companyType: 'llc',
    registeredCapital: '100',
    investorCount: '2',
    corporateShareholder: 'no',
    residence: '北京市东城区某大厦7层',
    needInvoice: 'no',
    mobile: MOBILE,
  },
  'SOCIAL-SECURITY-CARD': { bank: 'icbc', alreadyHasLocalCard: 'no', mobile: MOBILE },
  'BIRTH-REGISTRATION': {
    spouseName: '李四',
    spouseIdNumber: withGb11643CheckCharacter('11010219870606002'),
    marriageDate: '2020-05-20',
    childOrder: '1',
    timing: 'pregnancy',
    localBasis: 'applicant-household',
    remarried: 'no',
    mobile: MOBILE,
  },
  'ID-CARD-RENEWAL': { photoOnSite: 'yes', delivery: 'pickup', mobile: MOBILE },
};

/** Cards that meet each item's conditions on NOW (most items: any valid local resident card). */
export function passingCard(itemCode: string): IdCard {
  if (itemCode === 'RESIDENCE-PERMIT') {
    return residentCard({ region: lookupRegion('130102')!, address: '河北省石家庄市长安区某路1号' });
  }
  if (itemCode === 'ID-CARD-RENEWAL') return residentCard({ validFrom: '2005-07-01', validTo: '2025-07-01' });
  return residentCard();
}

export function passingForm(
  catalog: Catalog,
  itemCode: string,
  card: IdCard = passingCard(itemCode),
): FormValues {
  const item = catalog.items.find((i) => i.code === itemCode)!;
  return { ...prefillForm(item, card), ...PASSING_INPUT[itemCode] };
}

/** Every applicable material answered 'have'. */
export function fullChecklist(
  catalog: Catalog,
  itemCode: string,
  form: FormValues,
  card: IdCard = passingCard(itemCode),
  agent = false,
): Record<string, 'have' | 'missing'> {
  const facts = buildFacts({ card, now: NOW, hall: HALL });
  const checklist: Record<string, 'have' | 'missing'> = {};
  for (const material of applicableMaterials(catalog, itemCode, facts, form, agent))
    checklist[material.id] = 'have';
  return checklist;
}

export function without(checklist: Checklist, ...ids: string[]): Record<string, 'have' | 'missing'> {
  const copy: Record<string, 'have' | 'missing'> = { ...checklist };
  for (const id of ids) copy[id] = 'missing';
  return copy;
}
