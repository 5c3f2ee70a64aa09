import { describe, expect, it } from 'vitest';
import {
  declaredRegistration,
  registrationChoices,
  registrationFromAddress,
  registrationOfCard,
} from '../../../domain/identity/registration.ts';

describe('household registration from the card address (never from the ID number)', () => {
  it('matches province, city and district by name', () => {
    expect(registrationFromAddress('四川省成都市武侯区人民南路四段1号')).toMatchObject({
      code: '510107',
      province: '四川省',
      city: '成都市',
      district: '武侯区',
      matchedLevel: 'district',
    });
  });

  it('finds a municipality district and a municipality county (no city row of their own)', () => {
    expect(registrationFromAddress('重庆市铜梁区巴川街道中兴路1号')?.code).toBe('500151');
    expect(registrationFromAddress('重庆市城口县葛城街道1号')?.code).toBe('500229');
    expect(registrationFromAddress('北京市朝阳区建国路88号')?.code).toBe('110105');
  });

  it('reads former names: a county renamed a district, and a district merged away', () => {
    expect(registrationFromAddress('重庆市铜梁县巴川镇中兴路1号')?.code).toBe('500151');
    expect(registrationFromAddress('重庆市开县汉丰街道1号')?.code).toBe('500154');
    expect(registrationFromAddress('北京市崇文区天坛路1号')?.code).toBe('110101');
  });

  it('takes the longest name, not the first one that fits', () => {
    // 吉林省 has a 吉林市: the province must not swallow the city, and the city must be found.
    expect(registrationFromAddress('吉林省吉林市船营区1号')).toMatchObject({
      city: '吉林市',
      district: '船营区',
    });
  });

  it('stops at the level it can name and says so', () => {
    expect(registrationFromAddress('四川省成都市某某新区1号')).toMatchObject({
      code: '510100',
      matchedLevel: 'city',
    });
    expect(registrationFromAddress('火星基地1号')).toBeNull();
  });

  it('a 5102xx number living in Chongqing is registered in Chongqing (the address, not the number)', () => {
    const card = { kind: 'resident', address: '重庆市铜梁区巴川街道1号', idNumber: '510224198001010000' };
    expect(registrationOfCard(card)?.code).toBe('500151');
  });

  it("the chip's latest address wins over the printed one", () => {
    const card = { kind: 'resident', address: '四川省成都市武侯区1号', latestAddress: '重庆市铜梁区2号' };
    expect(registrationOfCard(card)).toMatchObject({ code: '500151', source: 'latest-address' });
    expect(registrationOfCard({ ...card, latestAddress: null })).toMatchObject({
      code: '510107',
      source: 'address',
    });
  });

  it('a residence permit or a permanent residence card gives no 户籍', () => {
    expect(registrationOfCard({ kind: 'hk-macao-taiwan', address: '北京市朝阳区建国路88号' })).toBeNull();
    expect(registrationOfCard({ kind: 'foreign-2023' })).toBeNull();
  });

  it('asks with choices specific enough to compare: a municipality district or county, never the city', () => {
    const choices = registrationChoices('500151');
    expect(choices.hallCity.map((c) => c.code)).toEqual(expect.arrayContaining(['500151', '500229']));
    expect(choices.otherCities).toEqual([]);
    expect(choices.provinces.some((p) => p.code === '500000')).toBe(false);
    expect(declaredRegistration('500229', '500151')).toMatchObject({ code: '500229', source: 'declared' });
    expect(declaredRegistration('510000', '500151')).toMatchObject({ matchedLevel: 'province' });
    // A code that was not offered (the hall's own municipality as a whole) is refused.
    expect(declaredRegistration('500000', '500151')).toBeNull();
    expect(registrationChoices('510107').otherCities.some((c) => c.code === '510300')).toBe(true);
  });
});
