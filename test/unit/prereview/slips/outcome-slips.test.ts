import { describe, expect, it } from 'vitest';
import {
  renderBlankForm,
  renderCommitmentLetter,
  renderCorrectionSlip,
  renderNotAcceptedSlip,
} from '../../../../main/prereview/slips/outcome-slips.ts';
import type { PrintDocument } from '../../../../hardware/printer/document.ts';

const header = {
  itemName: '公共场所卫生许可',
  reference: 'YS20261129ABCDEF',
  date: '2026-11-29',
  hallName: '铜梁区政务服务中心',
  hallPhone: '12345',
};
const person = {
  applicantName: '张三',
  applicantId: '110105194912310037',
  applicantIdLabel: '证件号码' as const,
};

function text(document: PrintDocument): string {
  return document.blocks
    .map((block) =>
      block.kind === 'text' ? block.text : block.kind === 'pair' ? `${block.label} ${block.value}` : '',
    )
    .join('\n');
}

describe('pre-review slips', () => {
  it('not accepted: why, where instead and the basis; never "bring the materials and queue again"', () => {
    const paper = text(
      renderNotAcceptedSlip({
        ...header,
        ...person,
        reasons: [
          { reason: '户籍不在本区', whereInstead: '户籍所在地派出所', basis: '《居民身份证法》第八条' },
        ],
      }),
    );
    expect(paper).toContain('不予受理告知书');
    expect(paper).toContain('可前往：户籍所在地派出所');
    expect(paper).toContain('依据：《居民身份证法》第八条');
    expect(paper).not.toMatch(/备齐|重新取号|需携带/);
    expect(paper).not.toMatch(/110105194912310037/);
  });

  it('correction notice: each line labelled for what it is', () => {
    const paper = text(
      renderCorrectionSlip({
        ...header,
        ...person,
        agent: { role: '代办人', name: '李四', maskedIdNumber: '110105199001010011' },
        lines: [
          {
            kind: 'bring',
            name: '授权委托书',
            whatToBring: '申请人签字的委托书',
            whereToGet: '申请人本人签署',
            basis: '《民法典》第一百六十五条',
            forAgent: true,
          },
          { kind: 'fix', message: '手机号码应为 11 位', basis: '申请表填写要求（窗口惯例）' },
        ],
      }),
    );
    expect(paper).toContain('① 需携带：授权委托书（代办人提供）');
    expect(paper).toContain('获取方式：申请人本人签署');
    expect(paper).toContain('② 需更正：手机号码应为 11 位');
    expect(paper).not.toContain('需携带：手机号码');
    expect(paper).not.toContain('办理地点：');
    expect(paper).toContain('代办人 李四');
    expect(paper).not.toMatch(/\d{17}[\dX]/);
  });

  it('commitment letter: kind, licensee, due dates, breach, where to hand in, signature line', () => {
    const paper = text(
      renderCommitmentLetter({
        ...header,
        ...person,
        kinds: ['non-core'],
        licensee: { name: '铜梁区悦来宾馆有限公司', uscc: '91500151MA5U0A0A0A' },
        promised: [
          { material: '卫生检测报告', kind: 'non-core', within: '2 个月内', deadline: '2027-01-29' },
        ],
        breach: '撤销许可，并记入信用记录',
        handIn: '区政务服务中心 3 号窗口',
        basis: '铜梁区容缺受理办法',
        signedAt: new Date('2026-11-29T02:00:00Z'),
      }),
    );
    for (const expected of [
      '告知承诺书',
      '非核心要件信任',
      '被许可单位 铜梁区悦来宾馆有限公司',
      '统一社会信用代码 91500151MA5U0A0A0A',
      '补交期限：2 个月内，2027年01月29日前',
      '未履行承诺的后果：撤销许可',
      '补交地点：区政务服务中心 3 号窗口',
      '申请人（签字/盖章）',
    ])
      expect(paper).toContain(expected);
  });

  it('a full-trust promise owes nothing later, so it has no due date', () => {
    const paper = text(
      renderCommitmentLetter({
        ...header,
        ...person,
        kinds: ['full-trust'],
        promised: [{ material: '住所使用证明', kind: 'full-trust', within: null, deadline: null }],
        breach: '撤销登记',
        handIn: '无需补交',
        basis: '大渡口区企业住所容缺承诺',
        signedAt: new Date('2026-11-29T02:00:00Z'),
      }),
    );
    expect(paper).toContain('全信任');
    expect(paper).not.toContain('补交期限');
  });

  it('blank form: the fields with room to write, no personal data', () => {
    const paper = text(
      renderBlankForm({
        hallName: header.hallName,
        itemName: header.itemName,
        formName: '公共场所卫生许可申请表',
        fields: [{ label: '单位名称' }, { label: '经营类别', choices: ['宾馆', '美容美发'] }],
        printedAt: new Date('2026-11-29T02:00:00Z'),
      }),
    );
    expect(paper).toContain('公共场所卫生许可申请表');
    expect(paper).toContain('单位名称：____');
    expect(paper).toContain('□宾馆');
  });
});
