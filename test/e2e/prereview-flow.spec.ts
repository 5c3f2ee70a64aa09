// The pre-review's flow end to end, each outcome proven by reading the emulator's paper: an agent
// journey with two cards (the agent's, then the applicant's), a restricted applicant refused a
// commitment through the real path — a signed list published by the real central server, pulled and
// verified by the kiosk's sync service, the card placed on the emulated reader, the review run — and
// each kind of commitment on its letter: 全信任, 非核心要件信任, 要件后补式信任 (and declined: the
// notice). The ticket and the plain notice are read off paper in prereview.spec.ts.
import type { Page } from '@playwright/test';
import { chinaCalendarDate } from '../../domain/identity/dates.ts';
import { addDays, addWorkingDays } from '../../main/prereview/deadlines.ts';
import { startTestCentral } from './central-helpers.ts';
import {
  type Api,
  type Kiosk,
  expectAccessible,
  fillSocialSecurityForm,
  placeCard,
  withKioskApi,
} from './citizen-helpers.ts';
import { expect, kioskApi, test } from './fixtures.ts';
import { allDayHall } from './hall-helpers.ts';
import {
  kioskLog,
  hotelUscc,
  noodleUscc,
  fillField,
  chooseField,
  forSomeoneElse,
  onePaperNoTicket,
  forCompany,
  haveTheRest,
  signCommitment,
  hygieneForCompany,
  answerHygieneMaterials,
} from './prereview-helpers.ts';

/** A kiosk of a hall open all day (commitments end with a live number whatever the hour), its API
 *  open; both closed whatever the test does. */
const withOpenHall = (env: NodeJS.ProcessEnv, run: (kiosk: Kiosk, api: Api) => Promise<void>) =>
  withKioskApi({ ...env, KIOSK_HALL_CONFIG: allDayHall() }, run);

async function withCentral(
  entries: Array<{ id: string; until: string | null; basis: string }>,
  run: (kiosk: Kiosk, api: Api) => Promise<void>,
) {
  const central = await startTestCentral();
  central.publishCredit(1, entries);
  try {
    await withOpenHall(central.kioskEnv, async (kiosk, api) => {
      // The list has come through sync and been verified before the person arrives.
      await expect
        .poll(() => kioskLog(kiosk.dataRoot), { timeout: 30_000 })
        .toContain('credit.restrictions-applied');
      await run(kiosk, api);
    });
  } finally {
    await central.stop();
  }
}

test('for someone else: the agent’s card, then the applicant’s; the paper names both, and judges the applicant', async ({
  page,
  kiosk,
}) => {
  // Two cards, each placement waits out the reader's poll, and two axe passes: slow machines need time.
  test.setTimeout(150_000);
  const api = await kioskApi(kiosk);
  await page.goto(kiosk.url);
  await forSomeoneElse(page, api, {
    agentCard: 'resident-zhang-san',
    search: 'sbk',
    item: 'SOCIAL-SECURITY-CARD',
    atWhom: () => expectAccessible(page, 'whom', 'normal'),
  });

  // The agent's card is recorded as the agent's; now the applicant's card is asked for.
  await expect(page.getByTestId('agent-card')).toContainText('张三');
  await expectAccessible(page, 'applicant', 'normal');
  await placeCard(api, 'resident-long-term');
  await expect(page.getByTestId('form-screen')).toBeVisible();
  // The form is the applicant's: her name and number, not the agent's.
  await expect(page.getByTestId('applicant-summary')).toContainText('马秀兰');
  await expect(page.getByTestId('field-idNumber').locator('input')).toHaveValue(/^640\*+\d{3}[\dX]$/);
  await page.getByTestId('field-mobile').locator('input').fill('13912345678');
  await page.getByTestId('field-bank').getByRole('radio').first().click();
  await page.getByTestId('field-alreadyHasLocalCard').getByRole('radio').nth(1).click();
  // The agent's own name and number come from the agent's card; only the mobile is typed.
  await expect(page.getByTestId('field-agentName').locator('input')).toHaveValue('张三');
  await expect(page.getByTestId('field-agentIdNumber').locator('input')).toHaveValue(/^110\*+\d{3}[\dX]$/);
  await page.getByTestId('field-agentMobile').locator('input').fill('13800001111');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('materials-screen')).toBeVisible();

  // The agent's power of attorney is asked; the applicant's ID is proven by her own card, and the
  // agent's card is never taken for it.
  await expect(page.getByTestId('material-power-of-attorney')).toBeVisible();
  await expect(page.getByTestId('material-applicant-id-card')).toHaveCount(0);

  // Asking for the review with materials unanswered asks about them first.
  await page.getByTestId('missing-power-of-attorney').click();
  await page.getByTestId('review').click();
  await expect(page.getByTestId('unanswered')).toBeVisible();
  await expect(page.getByTestId('outcome-screen')).toHaveCount(0);
  await page.getByTestId('review-rest-missing').click();

  await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'notice');
  await expect(page.getByTestId('problems')).toContainText('授权委托书');
  const paper = await onePaperNoTicket(page, api);
  expect(paper).toContain('一次性告知单');
  // Read through the developer panel, which masks names (the paper itself carries them).
  expect(paper).toMatch(/申请人\s+马\*+/);
  expect(paper).toMatch(/代办人\s+张\*/);
  expect(paper).toContain('需携带：授权委托书（代办人提供）');
  expect(paper).toContain('依据：');
  expect(paper).not.toContain('办理地点：');
  api.close();
});

test('not accepted here: why, and where to go instead — never "bring the materials and queue again"', async ({
  page,
  kiosk,
}) => {
  test.setTimeout(120_000);
  const api = await kioskApi(kiosk);
  await page.goto(kiosk.url);
  // A person who already holds a local social security card applies for another: not here — the
  // replacement is another item (a card-type refusal is said on the item list, before any form).
  await placeCard(api, 'resident-long-term');
  await fillSocialSecurityForm(page);
  await page.getByTestId('field-alreadyHasLocalCard').getByRole('radio').first().click();
  await page.getByTestId('next').click();
  await page.getByTestId('all-have').click();

  await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'not-accepted');
  await expectAccessible(page, 'outcome not accepted', 'normal');
  await expect(page.getByTestId('outcome-title')).toHaveText('本厅不能受理');
  await expect(page.getByTestId('refusals')).toContainText('可前往');
  await expect(page.getByTestId('problems')).toHaveCount(0);
  const paper = await onePaperNoTicket(page, api);
  expect(paper).toContain('不予受理告知书');
  expect(paper).toContain('可前往：');
  expect(paper).toContain('依据：');
  expect(paper).not.toMatch(/需携带|备齐|重新取号|一次性告知单/);
  api.close();
});

test('a company on the signed credit list is refused the commitment through the real flow, and gets the notice instead', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await withCentral([{ id: hotelUscc, until: '2099-12-31', basis: '逾期未履行承诺' }], async (kiosk, api) => {
    await page.goto(kiosk.url);
    await hygieneForCompany(page, api, 'resident-long-term');
    // 可容缺 is not offered to this applicant at all.
    await expect(page.locator('[data-testid^="promisable-"]')).toHaveCount(0);
    await answerHygieneMaterials(page);
    await page.getByTestId('review').click();

    await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'notice');
    await expect(page.getByTestId('commitment')).toHaveCount(0);
    // Said without exposing any list.
    const screen = (await page.getByTestId('outcome-screen').textContent()) ?? '';
    expect(screen).not.toMatch(/名单/);
    const paper = await onePaperNoTicket(page, api);
    expect(paper).toContain('一次性告知单');
    expect(paper).toContain('需携带：地址方位示意图');
    expect(paper).not.toContain('承诺书');
    expect(paper).not.toMatch(/名单/);
  });
});

test('the restriction attaches to the applicant, never the agent: an agent on the list still signs for a clean company', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // The agent (马秀兰) is on the list; the company is not.
  await withCentral(
    [{ id: '640104195507080023', until: null, basis: '失信被执行人' }],
    async (kiosk, api) => {
      await page.goto(kiosk.url);
      await hygieneForCompany(page, api, 'resident-long-term');
      await expect(page.getByTestId('promisable-site-plans')).toBeVisible();
      await answerHygieneMaterials(page);
      await page.getByTestId('review').click();

      await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'commitment');
      await expectAccessible(page, 'outcome commitment', 'normal');
      await expect(page.getByTestId('commitment-kind-non-core')).toBeVisible();
      const { papers, letter } = await signCommitment(page, api);
      expect(papers).toHaveLength(2);
      for (const expected of [
        '非核心要件信任',
        '被许可单位',
        hotelUscc,
        '地址方位示意图',
        '补交期限：',
        '未履行承诺的后果：',
        '补交地点：',
        '申请人（签字/盖章）',
      ])
        expect(letter).toContain(expected);
      expect(letter).toMatch(/法定代表人\s+马\*+/);
    },
  );
});

test('full-trust commitment (Dayu enterprise residence): the promise replaces the proof, no due date on paper', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await withOpenHall({}, async (kiosk, api) => {
    await page.goto(kiosk.url);
    await placeCard(api, 'resident-zhang-san');
    await page.getByTestId('whom-self').click();
    await page.getByTestId('item-search').fill('企业开办');
    await page.getByTestId('item-ENTERPRISE-START').click();
    await expect(page.getByTestId('form-screen')).toBeVisible();
    const fill = (id: string, value: string) => fillField(page, id, value);
    const choose = (id: string, value: RegExp) => chooseField(page, id, value);
    await fill('companyName', '北京市朝阳区张三小吃店');
    await choose('companyType', /个人独资/);
    await fill('registeredCapital', '10000');
    await fill('investorCount', '1');
    await choose('corporateShareholder', /否/);
    await fill('residence', '北京市朝阳区建国路88号');
    await choose('needInvoice', /否/);
    await fill('mobile', '13912345678');
    await page.getByTestId('next').click();
    await expect(page.getByTestId('materials-screen')).toBeVisible();
    await expect(page.getByTestId('promisable-residence-proof')).toBeVisible();
    await page.getByTestId('missing-residence-proof').click();
    await haveTheRest(page);
    await page.getByTestId('review').click();

    await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'commitment');
    await expect(page.getByTestId('commitment-kind-full-trust')).toBeVisible();
    const { letter } = await signCommitment(page, api);
    expect(letter).toContain('全信任');
    expect(letter).toContain('全信任承诺：以承诺代替该材料，无需后补');
    expect(letter).not.toContain('补交期限');
    expect(letter).toContain('未履行承诺的后果：');
    expect(letter).toContain('申请人（签字/盖章）');
  });
});

/** The legal representative (张三) applies for the noodle shop's 5 m × 2.5 m sign: over 10 m², so
 *  the structural safety report (a core material) is asked. The materials named are missing, the
 *  rest at hand; ends on the commitment offered. Returns the China date before the review. */
async function noodleShopOffered(page: Page, kiosk: Kiosk, api: Api, missing: string[]): Promise<string> {
  await page.goto(kiosk.url);
  await forCompany(page, api, {
    agentCard: 'resident-zhang-san',
    search: '招牌',
    item: 'SHOP-SIGN',
    name: '北京市朝阳区张记面馆',
    uscc: noodleUscc,
  });
  await expect(page.getByTestId('agent-role-representative')).toHaveAttribute('aria-checked', 'true');
  // The unit's name is the one checked, not typed again.
  await expect(page.getByTestId('field-unitName').locator('input')).toHaveValue('北京市朝阳区张记面馆');
  await fillField(page, 'shopAddress', '北京市朝阳区建国路88号');
  await fillField(page, 'signWidth', '5');
  await fillField(page, 'signHeight', '2.5');
  await chooseField(page, 'illuminated', /否/);
  await chooseField(page, 'usesTrademark', /否/);
  await fillField(page, 'mobile', '13912345678');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('materials-screen')).toBeVisible();
  // 可容缺 on the core report: this item allows it, and this applicant is not restricted.
  await expect(page.getByTestId('promisable-structural-safety-report')).toBeVisible();
  for (const id of missing) await page.getByTestId(`missing-${id}`).click();
  await haveTheRest(page);
  const today = chinaCalendarDate(new Date());
  await page.getByTestId('review').click();
  await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'commitment');
  await expect(page.getByTestId('commitment-kind-core-later')).toBeVisible();
  return today;
}

/** "2026年02月06日" as the letter prints a due date. */
function printedDate(date: string): string {
  return `${date.slice(0, 4)}年${date.slice(5, 7)}月${date.slice(8, 10)}日`;
}

test('core-later commitment (要件后补式信任): a core material promised in working days, on a letter with every term', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await withOpenHall({}, async (kiosk, api) => {
    // The day the deadlines count from: the day of the review, in China.
    const today = await noodleShopOffered(page, kiosk, api, ['structural-safety-report', 'location-map']);
    await expect(page.getByTestId('commitment-kind-non-core')).toBeVisible();
    await expectAccessible(page, 'outcome core-later commitment', 'normal');
    const { letter } = await signCommitment(page, api);
    // A review run across midnight counts from the later day.
    const signedOn = letter.includes(printedDate(addWorkingDays(today, 20)))
      ? today
      : chinaCalendarDate(new Date());

    // Long lines wrap at the paper's width: wording is read with the line breaks taken out.
    const flat = letter.replace(/\s+/g, '');
    // The kind, and the licensed party with its credit code.
    expect(flat).toContain(
      '承诺类型非核心要件信任（非核心材料承诺后补）；要件后补式信任（核心材料承诺后补）',
    );
    expect(letter).toMatch(
      new RegExp(`被许可单位\\s+北京市朝阳区张记面馆\\n统一社会信用代码\\s+${noodleUscc}\\n`),
    );
    // Each promised material with its deadline, in the rule's own unit.
    expect(flat).toContain('申请人承诺在下列期限内补交以下2项材料：');
    expect(flat).toContain(
      `招牌结构安全检测报告补交期限：20个工作日内，${printedDate(addWorkingDays(signedOn, 20))}前`,
    );
    expect(flat).toContain(`设置位置示意图补交期限：15日内，${printedDate(addDays(signedOn, 15))}前`);
    // The consequence of breaking it, where to hand in, and the signature line.
    expect(flat).toContain('未履行承诺的后果：逾期未补交或承诺不实的，依法撤销设置许可');
    expect(flat).toContain('补交地点：铜梁区政务服务中心A区综合受理窗口');
    expect(letter).toContain('申请人（签字/盖章）：____');
    expect(letter).toMatch(/法定代表人\s+张\*/);
  });
});

test('a guardian for a child without a card: typed from the household register, guardianship proof instead of a power of attorney, even on an item that admits no other agent', async ({
  page,
  kiosk,
}) => {
  test.setTimeout(150_000);
  const api = await kioskApi(kiosk);
  await page.goto(kiosk.url);
  await forSomeoneElse(page, api, {
    agentCard: 'resident-zhang-san',
    search: '身份证',
    item: 'ID-CARD-RENEWAL',
  });
  await page.getByTestId('applicant-way-child').click();
  await page.getByTestId('applicant-name').fill('张小明');
  await page.getByTestId('applicant-number').fill('110101201603150023');
  await page.getByTestId('applicant-confirm').click();
  await expect(page.getByTestId('form-screen')).toBeVisible();
  await expect(page.getByTestId('applicant-summary')).toContainText('张小明');
  // The parent of a minor acts as guardian (statutory agent), chosen by default.
  await expect(page.getByTestId('agent-role-guardian')).toHaveAttribute('aria-checked', 'true');
  // A typed number has no address: the 户籍 is asked, never guessed from the number.
  await expect(page.getByTestId('registration-question')).toBeVisible();
  await page.getByTestId('registration-110101').click();
  await expect(page.getByTestId('registration-question')).toHaveCount(0);
  // What a typed number cannot say is typed from the household register.
  await page.getByTestId('field-nation').locator('input').fill('汉');
  await page.getByTestId('field-address').locator('input').fill('北京市东城区景山前街4号');
  await page.getByTestId('field-photoOnSite').getByRole('radio').first().click();
  await page.getByTestId('field-delivery').getByRole('radio').first().click();
  await page.getByTestId('field-agentMobile').locator('input').fill('13800001111');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('materials-screen')).toBeVisible();
  await expect(page.getByTestId('material-guardianship-proof')).toBeVisible();
  await expect(page.getByTestId('material-power-of-attorney')).toHaveCount(0);
  // Typed, the child's own ID material is not proven by any card read here — least of all the parent's.
  await expect(page.getByTestId('material-applicant-id-card')).toBeVisible();
  // ...and it is never said to have been read here (issue 15: 「已在本机读取」 for a typed child).
  await expect(page.getByTestId('material-applicant-id-card')).toContainText('本机没有读取此证件');
  await expect(page.getByTestId('material-applicant-id-card')).not.toContainText('已在本机读取');
  await page.getByTestId('missing-guardianship-proof').click();
  await page.getByTestId('review').click();
  await expect(page.getByTestId('unanswered')).toBeVisible();
  await page.getByTestId('review-rest-missing').click();

  await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'notice');
  await expect(page.getByTestId('identity-typed')).toBeVisible();
  const paper = await onePaperNoTicket(page, api);
  expect(paper).toMatch(/申请人\s+张\*+/);
  expect(paper).toMatch(/监护人\s+张\*/);
  expect(paper).toContain('（代办人提供）');
  expect(paper).toContain('窗口办理时须出示证件核验');
  // The child's card was typed, not read: the paper says so, never 「已在本机读取」.
  expect(paper).toContain('需携带：原居民身份证');
  expect(paper.replace(/\s+/g, '')).toContain('本机没有读取此证件');
  expect(paper.replace(/\s+/g, '')).not.toContain('已在本机读取');
  // The guardianship proof is asked, not a power of attorney (its description says why it is not).
  expect(paper).toContain('需携带：监护');
  expect(paper).not.toContain('需携带：授权委托书');
  api.close();
});

test('the core-later commitment declined: the notice lists the core report to bring, and no letter is printed', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await withOpenHall({}, async (kiosk, api) => {
    await noodleShopOffered(page, kiosk, api, ['structural-safety-report']);
    await page.getByTestId('decline-commitment').click();

    await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'notice');
    await expect(page.getByTestId('commitment')).toHaveCount(0);
    const paper = await onePaperNoTicket(page, api);
    expect(paper).toContain('一次性告知单');
    expect(paper.replace(/\s+/g, '')).toContain('需携带：招牌结构安全检测报告');
    expect(paper).not.toContain('告知承诺书');
  });
});
