// The pre-review's flow end to end, each outcome proven by reading the emulator's paper: an agent
// journey with two cards (the agent's, then the applicant's), and a restricted applicant refused a
// commitment through the real path — a signed list published by the real central server, pulled and
// verified by the kiosk's sync service, the card placed on the emulated reader, the review run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { usccCheckCharacter } from '../../main/prereview/validate.ts';
import { startTestCentral } from './central-helpers.ts';
import { expectAccessible, fillSocialSecurityForm, placeCard } from './citizen-helpers.ts';
import { expect, kioskApi, launchKiosk, test } from './fixtures.ts';

const fullIdNumber = /\d{17}[\dX]/;

/** The kiosk's own log: says when a signed document was applied (never what it holds). */
function kioskLog(dataRoot: string): string {
  try {
    return fs.readFileSync(path.join(dataRoot, 'logs', 'kiosk.log'), 'utf8');
  } catch {
    // No log written yet: nothing was applied, which the caller's wait then reports.
    return '';
  }
}

/** A hall open round the clock, so ticket journeys end with a live number whatever the hour. */
function roundTheClockHall(): string {
  const hall = JSON.parse(fs.readFileSync('resources/hall/hall.json', 'utf8')) as Record<string, unknown>;
  const allDay = ['00:00-24:00'];
  hall.hours = { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay };
  hall.closedDates = [];
  hall.lastIssueBeforeCloseMinutes = 0;
  for (const line of hall.lines as Array<Record<string, unknown>>) delete line.hours;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-hall-')), 'hall.json');
  fs.writeFileSync(file, JSON.stringify(hall));
  return file;
}

const uscc17 = '91110105MA01ABCD1';
/** The hotel's unified social credit code (registered in Chaoyang, the hall's district). */
const hotelUscc = uscc17 + usccCheckCharacter(uscc17)!;

/** A hotel's hygiene licence, applied for by a person at the kiosk for the company: the agent's
 *  card first, "for someone else", then the company named by its credit code. */
async function hygieneForCompany(page: Page, api: Awaited<ReturnType<typeof kioskApi>>, agentCardId: string) {
  await placeCard(api, agentCardId);
  await page.getByTestId('whom-other').click();
  await page.getByTestId('item-search').fill('卫生许可');
  await page.getByTestId('item-PUBLIC-HYGIENE-LICENCE').click();
  await expect(page.getByTestId('applicant-screen')).toBeVisible();
  await page.getByTestId('applicant-way-company').click();
  await page.getByTestId('applicant-name').fill('北京市朝阳区悦来宾馆有限公司');
  await page.getByTestId('applicant-number').fill(hotelUscc);
  await page.getByTestId('applicant-confirm').click();
  await expect(page.getByTestId('form-screen')).toBeVisible();
  await expect(page.getByTestId('applicant-summary')).toContainText(hotelUscc);
  // The unit and its code on the form are the applicant's, not typed again.
  await expect(page.getByTestId('field-uscc').locator('input')).toHaveValue(hotelUscc);
  const fill = (id: string, value: string) => page.getByTestId(`field-${id}`).locator('input').fill(value);
  await fill('premisesAddress', '北京市朝阳区建国路88号');
  await page.getByTestId('field-premisesType').getByRole('radio').first().click();
  await fill('floorArea', '320');
  await page.getByTestId('field-centralAirConditioning').getByRole('radio', { name: /否|No/ }).click();
  await fill('mobile', '13812345678');
  await page.getByTestId('next').click();
  await expect(page.getByTestId('materials-screen')).toBeVisible();
}

/** Two non-core materials missing, the rest at hand: the case a commitment is offered for. */
async function answerHygieneMaterials(page: Page) {
  await page.getByTestId('missing-site-plans').click();
  await page.getByTestId('missing-hygiene-inspection-report').click();
  // Every other material is at hand: nothing is left to count silently as missing.
  const open = await page
    .locator('[data-testid^="material-"][data-answer=""]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')!.replace(/^material-/, '')));
  for (const id of open) await page.getByTestId(`have-${id}`).click();
}

async function withCentral(
  entries: Array<{ id: string; until: string | null; basis: string }>,
  run: (kiosk: Awaited<ReturnType<typeof launchKiosk>>) => Promise<void>,
) {
  const central = await startTestCentral();
  central.publishCredit(1, entries);
  const kiosk = await launchKiosk({ ...central.kioskEnv, KIOSK_HALL_CONFIG: roundTheClockHall() });
  try {
    // The list has come through sync and been verified before the person arrives.
    await expect
      .poll(() => kioskLog(kiosk.dataRoot), { timeout: 30_000 })
      .toContain('credit restrictions applied');
    await run(kiosk);
  } finally {
    await kiosk.stop();
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
  await placeCard(api, 'resident-zhang-san');
  await expect(page.getByTestId('whom-screen')).toBeVisible();
  await expectAccessible(page, 'whom', 'normal');
  await page.getByTestId('whom-other').click();
  await expect(page.getByTestId('items-screen')).toBeVisible();
  await page.getByTestId('item-search').fill('sbk');
  await page.getByTestId('item-SOCIAL-SECURITY-CARD').click();

  // The agent's card is recorded as the agent's; now the applicant's card is asked for.
  await expect(page.getByTestId('applicant-screen')).toBeVisible();
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
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('done-screen')).toBeVisible();

  const receipts = await api.receipts();
  expect(receipts).toHaveLength(1);
  const paper = receipts[0]!.lines.join('\n');
  expect(paper).toContain('一次性告知单');
  // Read through the developer panel, which masks names (the paper itself carries them).
  expect(paper).toMatch(/申请人\s+马\*+/);
  expect(paper).toMatch(/代办人\s+张\*/);
  expect(paper).toContain('需携带：授权委托书（代办人提供）');
  expect(paper).toContain('依据：');
  expect(paper).not.toContain('办理地点：');
  expect(paper).not.toMatch(fullIdNumber);
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
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('done-screen')).toBeVisible();
  await expect(page.getByTestId('ticket-number')).toHaveCount(0);

  const receipts = await api.receipts();
  expect(receipts).toHaveLength(1);
  const paper = receipts[0]!.lines.join('\n');
  expect(paper).toContain('不予受理告知书');
  expect(paper).toContain('可前往：');
  expect(paper).toContain('依据：');
  expect(paper).not.toMatch(/需携带|备齐|重新取号|一次性告知单/);
  expect(paper).not.toMatch(fullIdNumber);
  api.close();
});

test('a company on the signed credit list is refused the commitment through the real flow, and gets the notice instead', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await withCentral([{ id: hotelUscc, until: '2099-12-31', basis: '逾期未履行承诺' }], async (kiosk) => {
    const api = await kioskApi(kiosk);
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
    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('done-screen')).toBeVisible();
    const receipts = await api.receipts();
    expect(receipts).toHaveLength(1);
    const paper = receipts[0]!.lines.join('\n');
    expect(paper).toContain('一次性告知单');
    expect(paper).toContain('需携带：地址方位示意图');
    expect(paper).not.toContain('承诺书');
    expect(paper).not.toMatch(/名单/);
    api.close();
  });
});

test('the restriction attaches to the applicant, never the agent: an agent on the list still signs for a clean company', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // The agent (马秀兰) is on the list; the company is not.
  await withCentral([{ id: '640104195507080023', until: null, basis: '失信被执行人' }], async (kiosk) => {
    const api = await kioskApi(kiosk);
    await page.goto(kiosk.url);
    await hygieneForCompany(page, api, 'resident-long-term');
    await expect(page.getByTestId('promisable-site-plans')).toBeVisible();
    await answerHygieneMaterials(page);
    await page.getByTestId('review').click();

    await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'commitment');
    await expectAccessible(page, 'outcome commitment', 'normal');
    await expect(page.getByTestId('commitment-kind-non-core')).toBeVisible();
    await expect(page.getByTestId('confirm')).toBeDisabled();
    await page.getByTestId('accept-commitment').check();
    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('done-screen')).toBeVisible();
    await expect(page.getByTestId('ticket-number')).toBeVisible();

    const papers = (await api.receipts()).map((receipt) => receipt.lines.join('\n'));
    expect(papers).toHaveLength(2);
    expect(papers.some((paper) => paper.includes('排队'))).toBe(true);
    const letter = papers.find((paper) => paper.includes('告知承诺书'))!;
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
    for (const paper of papers) expect(paper).not.toMatch(fullIdNumber);
    api.close();
  });
});

test('full-trust commitment (Dayu enterprise residence): the promise replaces the proof, no due date on paper', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const kiosk = await launchKiosk({ KIOSK_HALL_CONFIG: roundTheClockHall() });
  const api = await kioskApi(kiosk);
  try {
    await page.goto(kiosk.url);
    await placeCard(api, 'resident-zhang-san');
    await page.getByTestId('whom-self').click();
    await page.getByTestId('item-search').fill('企业开办');
    await page.getByTestId('item-ENTERPRISE-START').click();
    await expect(page.getByTestId('form-screen')).toBeVisible();
    const fill = (id: string, value: string) => page.getByTestId(`field-${id}`).locator('input').fill(value);
    const choose = (id: string, value: RegExp) =>
      page.getByTestId(`field-${id}`).getByRole('radio', { name: value }).click();
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
    const open = await page
      .locator('[data-testid^="material-"][data-answer=""]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')!.replace(/^material-/, '')));
    for (const id of open) await page.getByTestId(`have-${id}`).click();
    await page.getByTestId('review').click();

    await expect(page.getByTestId('outcome-screen')).toHaveAttribute('data-outcome', 'commitment');
    await expect(page.getByTestId('commitment-kind-full-trust')).toBeVisible();
    await page.getByTestId('accept-commitment').check();
    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('done-screen')).toBeVisible();
    const papers = (await api.receipts()).map((receipt) => receipt.lines.join('\n'));
    const letter = papers.find((paper) => paper.includes('告知承诺书'))!;
    expect(letter).toContain('全信任');
    expect(letter).toContain('全信任承诺：以承诺代替该材料，无需后补');
    expect(letter).not.toContain('补交期限');
    expect(letter).toContain('未履行承诺的后果：');
    expect(letter).toContain('申请人（签字/盖章）');
    expect(papers.some((paper) => paper.includes('排队'))).toBe(true);
  } finally {
    api.close();
    await kiosk.stop();
  }
});

test('a guardian for a child without a card: typed from the household register, guardianship proof instead of a power of attorney, even on an item that admits no other agent', async ({
  page,
  kiosk,
}) => {
  test.setTimeout(150_000);
  const api = await kioskApi(kiosk);
  await page.goto(kiosk.url);
  await placeCard(api, 'resident-zhang-san');
  await page.getByTestId('whom-other').click();
  await page.getByTestId('item-search').fill('身份证');
  await page.getByTestId('item-ID-CARD-RENEWAL').click();
  await expect(page.getByTestId('applicant-screen')).toBeVisible();
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
  await page.getByTestId('field-mobile').locator('input').fill('13912345678');
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
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('done-screen')).toBeVisible();
  const paper = (await api.receipts())[0]!.lines.join('\n');
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
  expect(paper).not.toMatch(fullIdNumber);
  api.close();
});
