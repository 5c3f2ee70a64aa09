// The emulator's cards: plain fields, encoded into text blocks by the same encoder the parser inverts.
// Every person here is fictitious; the ID numbers carry valid check characters unless stated.
import type { CardFields, CardKind } from '../../../domain/identity/card.ts';
import { CARD_KIND_LABELS, cardValidity } from '../../../domain/identity/card.ts';

export interface DeckCard {
  id: string;
  fields: CardFields;
  /** What makes the card interesting to a developer, in a few words of Chinese. */
  note?: string;
  /** The chip's latest appended address (迁移后签注的住址), answered to "read latest address". */
  latestAddress?: string;
}

export const DECK: readonly DeckCard[] = [
  {
    id: 'resident-zhang-san',
    fields: {
      kind: 'resident',
      name: '张三',
      sex: 'male',
      nationCode: '01',
      birthDate: '1985-03-12',
      address: '北京市东城区景山前街4号',
      idNumber: '110101198503120017',
      issuer: '北京市公安局东城分局',
      validFrom: '2016-05-20',
      validTo: '2036-05-20',
    },
  },
  {
    id: 'resident-long-term',
    note: '长期有效',
    fields: {
      kind: 'resident',
      name: '马秀兰',
      sex: 'female',
      nationCode: '03',
      birthDate: '1955-07-08',
      address: '宁夏回族自治区银川市兴庆区解放西街88号',
      idNumber: '640104195507080023',
      issuer: '银川市公安局兴庆区分局',
      validFrom: '2012-09-01',
      validTo: 'long-term',
    },
  },
  {
    id: 'resident-moved',
    note: '有迁移后的最新住址',
    latestAddress: '北京市朝阳区建国路93号院2号楼1单元501室',
    fields: {
      kind: 'resident',
      name: '王芳',
      sex: 'female',
      nationCode: '01',
      birthDate: '1990-10-01',
      address: '河南省郑州市金水区花园路12号',
      idNumber: '410105199010010021',
      issuer: '郑州市公安局金水分局',
      validFrom: '2019-04-02',
      validTo: '2039-04-02',
    },
  },
  {
    id: 'resident-expired',
    note: '已过期',
    fields: {
      kind: 'resident',
      name: '李晓明',
      sex: 'male',
      nationCode: '01',
      birthDate: '1978-09-20',
      address: '广东省深圳市南山区科技园南路12号',
      idNumber: '440305197809200034',
      issuer: '深圳市公安局南山分局',
      validFrom: '2005-03-01',
      validTo: '2025-03-01',
    },
  },
  {
    id: 'resident-rare-character',
    note: '生僻字（BMP 外，代理对）',
    fields: {
      kind: 'resident',
      name: '陈𪚥𠀾',
      sex: 'female',
      nationCode: '01',
      birthDate: '1992-02-14',
      address: '福建省厦门市思明区鼓浪屿龙头路𠀾号',
      idNumber: '350203199202140046',
      issuer: '厦门市公安局思明分局',
      validFrom: '2020-01-10',
      validTo: '2030-01-10',
    },
  },
  {
    id: 'resident-abolished-district',
    note: '原籍区县已撤销（邯郸县）',
    fields: {
      kind: 'resident',
      name: '赵建国',
      sex: 'male',
      nationCode: '11',
      birthDate: '1970-01-01',
      address: '河北省邯郸市邯山区人民路3号',
      idNumber: '130421197001010054',
      issuer: '邯郸市公安局邯山分局',
      validFrom: '2010-06-01',
      validTo: 'long-term',
    },
  },
  {
    id: 'resident-bad-check-digit',
    note: '校验码错误',
    fields: {
      kind: 'resident',
      name: '孙丽',
      sex: 'female',
      nationCode: '08',
      birthDate: '1960-01-01',
      address: '江苏省南京市玄武区中山路1号',
      idNumber: '320102196001010085',
      issuer: '南京市公安局玄武分局',
      validFrom: '2018-11-11',
      validTo: 'long-term',
    },
  },
  {
    id: 'hk-resident-permit',
    fields: {
      kind: 'hk-macao-taiwan',
      name: '陈大文',
      sex: 'male',
      birthDate: '1988-06-06',
      address: '广东省深圳市福田区福华一路6号',
      idNumber: '81000019880606006X',
      issuer: '深圳市公安局',
      validFrom: '2023-07-01',
      validTo: '2028-07-01',
      passNumber: 'H60123456',
      issueCount: 1,
    },
  },
  {
    id: 'tw-resident-permit',
    fields: {
      kind: 'hk-macao-taiwan',
      name: '林美华',
      sex: 'female',
      birthDate: '1993-03-03',
      address: '福建省厦门市湖里区台湾街2号',
      idNumber: '830000199303030078',
      issuer: '厦门市公安局',
      validFrom: '2023-02-01',
      validTo: '2028-02-01',
      passNumber: '01234567',
      issueCount: 2,
    },
  },
  {
    id: 'foreign-old',
    fields: {
      kind: 'foreign-old',
      englishName: 'SMITH, JOHN',
      chineseName: '史密斯',
      sex: 'male',
      idNumber: 'USA110075050112',
      nationality: 'USA',
      birthDate: '1975-05-01',
      validFrom: '2017-04-01',
      validTo: '2027-04-01',
      cardVersion: '01',
      issuerCode: '1500',
    },
  },
  {
    id: 'foreign-2023',
    fields: {
      kind: 'foreign-2023',
      englishName: 'MUELLER-LUEDENSCHEIDT, ANNA KATHARINA',
      chineseName: '安娜',
      sex: 'female',
      renewalCount: 0,
      birthDate: '1975-11-30',
      idNumber: '931276197511300216',
      issuer: '国家移民管理局',
      validFrom: '2023-12-01',
      validTo: '2033-12-01',
      nationality: 'DEU',
      previousNumberLink: '',
    },
  },
  {
    id: 'foreign-2023-no-chinese-name',
    fields: {
      kind: 'foreign-2023',
      englishName: 'GARCIA, MARIA',
      chineseName: '',
      sex: 'female',
      renewalCount: 1,
      birthDate: '1990-05-15',
      idNumber: '911840199005150122',
      issuer: '国家移民管理局',
      validFrom: '2024-01-15',
      validTo: '2034-01-15',
      nationality: 'USA',
      previousNumberLink: '1',
    },
  },
];

export function findDeckCard(id: string): DeckCard | undefined {
  return DECK.find((card) => card.id === id);
}

export interface DeckEntry {
  id: string;
  label: string;
  kind: CardKind;
}

/** "居民身份证 · 张三 · 有效": what the developer panel shows, computed for `now` (validity changes). */
export function deckEntries(now: Date): DeckEntry[] {
  return DECK.map((card) => ({ id: card.id, kind: card.fields.kind, label: deckLabel(card, now) }));
}

function deckLabel(card: DeckCard, now: Date): string {
  const { fields } = card;
  const name =
    fields.kind === 'foreign-old' || fields.kind === 'foreign-2023'
      ? fields.chineseName || fields.englishName
      : fields.name;
  const validity = cardValidity(fields, now);
  const state = validity.expired
    ? '已过期'
    : validity.notYetValid
      ? '未生效'
      : fields.validTo === 'long-term'
        ? '长期有效'
        : '有效';
  const parts = [CARD_KIND_LABELS[fields.kind].zh, name, state];
  if (card.note && card.note !== state) parts.push(card.note);
  return parts.join(' · ');
}
