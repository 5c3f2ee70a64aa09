// Taps per item (issue #15, "fewer taps"): every catalog item walked on its shortest path through the
// real kiosk (web host, emulated reader and printer, real Chromium), counting what a person does from
// the card on the reader (or the first tap of the no-card path) to the paper: taps, and characters
// typed. The table goes to test-results/taps.json; `npm run taps:table` puts it in the README.
//
// It fails when an item that needs nothing typed takes more than 6 taps, or when the median taps or
// median typed characters grow beyond test/e2e/taps-baseline.json ("the median must not grow").
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { withGb11643CheckCharacter } from '../../domain/identity/id-number.ts';
import { usccCheckCharacter } from '../../main/prereview/validate.ts';
import { placeCard } from './citizen-helpers.ts';
import { expect, kioskApi, launchKiosk, test } from './fixtures.ts';
import { allDayHall } from './hall-helpers.ts';
import { summarise, type TapRow } from '../../scripts/taps-summary.ts';

type Localized = { 'zh-CN': string; en: string };
interface CatalogField {
  id: string;
  type: string;
  label: Localized;
  choices?: Array<{ value: string; label: Localized }>;
}
interface CatalogItem {
  code: string;
  name: Localized;
  category: string;
  form: CatalogField[];
  exampleBase?: { form?: Record<string, string | null> };
}

const itemsDir = 'resources/catalog/items';
const items: CatalogItem[] = fs
  .readdirSync(itemsDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(fs.readFileSync(path.join(itemsDir, file), 'utf8')) as CatalogItem)
  .sort((a, b) => a.code.localeCompare(b.code));

const uscc17 = '91110105MA01ABCD1';
/** A unit registered in Chaoyang, the hall's district (KIOSK_HALL_REGION's default 110105). */
const companyUscc = uscc17 + usccCheckCharacter(uscc17)!;

/** A date `days` from today, `years` years back, as the kiosk's date fields take it. */
function dateFromToday(days: number, years = 0): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Who walks each item: the card (one the item admits), and for a unit the company it acts for.
 *  Values typed are the item's own worked example's (exampleBase), except where today's date or
 *  this hall (Beijing Chaoyang) decide. */
interface Plan {
  card?: string;
  noCard?: { name: string; idNumber: string };
  company?: { name: string; uscc: string };
  values?: Record<string, string>;
}
const plans: Record<string, Plan> = {
  'SOCIAL-SECURITY-CARD': { card: 'resident-zhang-san' },
  'ID-CARD-RENEWAL': { card: 'resident-expired' },
  'ID-CARD-REPLACE': {
    noCard: { name: '王小明', idNumber: withGb11643CheckCharacter('11010519800315002') },
    values: { name: '王小明', idNumber: withGb11643CheckCharacter('11010519800315002') },
  },
  'RESIDENCE-PERMIT': { card: 'resident-long-term' },
  // Within the month before the permit's yearly anniversary (居住证暂行条例 art. 10).
  'RESIDENCE-PERMIT-ENDORSE': { card: 'resident-long-term', values: { permitIssued: dateFromToday(10, 1) } },
  // 户籍 in the hall's district: the chip's latest address (朝阳区).
  'RESIDENT-PENSION-ENROL': { card: 'resident-moved' },
  'BIRTH-REGISTRATION': { card: 'resident-moved' },
  'SOLE-TRADER-REGISTER': { card: 'resident-zhang-san' },
  'ENTERPRISE-START': { card: 'resident-zhang-san' },
  'TEACHER-CERT-REPLACE': { card: 'resident-zhang-san' },
  'CONSTRUCTION-PERMIT': {
    card: 'resident-zhang-san',
    company: { name: '北京市朝阳区建设有限公司', uscc: companyUscc },
  },
  'PUBLIC-HYGIENE-LICENCE': {
    card: 'resident-zhang-san',
    company: { name: '北京市朝阳区悦来宾馆有限公司', uscc: companyUscc },
  },
  'SHOP-SIGN': { card: 'resident-zhang-san', company: { name: '北京市朝阳区张三小吃店', uscc: companyUscc } },
  'TRANSPORT-CERT-ISSUE': {
    card: 'resident-zhang-san',
    company: { name: '北京市朝阳区顺达运输有限公司', uscc: companyUscc },
  },
};

/** What the person does: every tap counted, every character typed counted (a tap into a text field
 *  to type in it is a tap too). */
class Walker {
  taps = 0;
  typed = 0;
  readonly steps: string[] = [];
  constructor(readonly page: Page) {}

  async tap(target: Locator, step: string): Promise<void> {
    await target.click();
    this.taps += 1;
    this.steps.push(step);
  }

  async type(target: Locator, text: string, step: string): Promise<void> {
    await target.click();
    this.taps += 1;
    await target.fill(text);
    this.typed += [...text].length;
    this.steps.push(`${step}(${[...text].length})`);
  }
}

/** The item chosen in the fewest taps: offered on the "for whom" screen, else on the item list
 *  (most used first), else through its category. */
async function chooseItem(walker: Walker, item: CatalogItem, forOther: boolean): Promise<void> {
  const page = walker.page;
  const direct = page.getByTestId(`whom-item-${item.code}`);
  // The most used items arrive with the catalog, a moment after the screen.
  await expect(page.locator('[data-testid^="whom-item-"]').first()).toBeVisible();
  if (!forOther && (await direct.isVisible())) return walker.tap(direct, 'whom+item');
  await walker.tap(
    page.getByTestId(forOther ? 'whom-other' : 'whom-self'),
    forOther ? 'whom-other' : 'whom-self',
  );
  await expect(page.getByTestId('items-screen')).toBeVisible();
  const listed = page.getByTestId(`item-${item.code}`);
  await expect(page.getByTestId('item-list')).toBeVisible();
  if (!(await listed.isVisible())) {
    const catalog = JSON.parse(fs.readFileSync('resources/catalog/catalog.json', 'utf8')) as {
      categories: Array<{ id: string; name: Localized }>;
    };
    const category = catalog.categories.find((entry) => entry.id === item.category)!;
    await walker.tap(
      page.locator('.chips').getByRole('button', { name: category.name['zh-CN'], exact: true }),
      'category',
    );
  }
  await walker.tap(listed, 'item');
}

/** Fills what the form still needs, field by field as the screen shows them (a choice can bring a
 *  field): only required fields, the item's own example values. */
async function fillForm(walker: Walker, item: CatalogItem, plan: Plan): Promise<void> {
  const page = walker.page;
  const agentFields = (
    JSON.parse(fs.readFileSync('resources/catalog/catalog.json', 'utf8')) as { agentFields: CatalogField[] }
  ).agentFields;
  const definitions = new Map([...item.form, ...agentFields].map((field) => [field.id, field]));
  const done = new Set<string>();
  for (let round = 0; round < 40; round += 1) {
    const question = page.getByTestId('registration-question');
    if (await question.isVisible()) {
      await walker.tap(page.getByTestId('registration-110105'), 'registration');
      continue;
    }
    // One look at the whole form: each field's id, and whether it still needs the person.
    const open = await page.locator('[data-testid^="field-"].field').evaluateAll((rows) =>
      rows
        .filter((row) => {
          const required = row.querySelector('label .required') !== null;
          const input = row.querySelector('input');
          const radios = [...row.querySelectorAll('[role="radio"]')];
          const locked = input ? input.readOnly : radios.some((radio) => radio.hasAttribute('disabled'));
          const answered = input
            ? input.value !== ''
            : radios.some((radio) => radio.getAttribute('aria-checked') === 'true');
          return required && !locked && !answered;
        })
        .map((row) => row.getAttribute('data-testid')!.replace(/^field-/, '')),
    );
    const next = open.find((id) => !done.has(id)) ?? null;
    if (next !== null) done.add(next);
    if (next === null) return;
    const definition = definitions.get(next);
    const row = page.getByTestId(`field-${next}`);
    const value =
      plan.values?.[next] ??
      item.exampleBase?.form?.[next] ??
      (definition?.type === 'mobile' ? '13912345678' : undefined);
    expect(value, `a value for ${item.code}.${next}`).toBeTruthy();
    if (definition?.choices) {
      const choice = definition.choices.find((candidate) => candidate.value === value)!;
      await walker.tap(row.getByRole('radio', { name: choice.label['zh-CN'], exact: true }), next);
    } else {
      await walker.type(row.locator('input'), value!, next);
    }
  }
  throw new Error(`the form of ${item.code} never settled`);
}

async function walk(page: Page, item: CatalogItem, plan: Plan): Promise<TapRow> {
  const walker = new Walker(page);
  if (plan.noCard) {
    await walker.tap(page.getByTestId('no-card'), 'no-card');
    await walker.tap(page.getByTestId(`manual-item-${item.code}`), 'item');
    await walker.type(page.getByTestId('manual-name'), plan.noCard.name, 'name');
    await walker.type(page.getByTestId('manual-id'), plan.noCard.idNumber, 'idNumber');
    await walker.tap(page.getByTestId('manual-start'), 'start');
  } else {
    await expect(page.getByTestId('whom-screen')).toBeVisible();
    await chooseItem(walker, item, plan.company !== undefined);
    if (plan.company) {
      await expect(page.getByTestId('applicant-screen')).toBeVisible();
      await walker.tap(page.getByTestId('applicant-way-company'), 'company');
      await walker.type(page.getByTestId('applicant-name'), plan.company.name, 'unit');
      await walker.type(page.getByTestId('applicant-number'), plan.company.uscc, 'uscc');
      await walker.tap(page.getByTestId('applicant-confirm'), 'confirm-applicant');
    }
  }
  await expect(page.getByTestId('form-screen')).toBeVisible();
  await fillForm(walker, item, plan);
  // Everything at hand (the walk's premise): said on the form, which names the materials.
  await walker.tap(page.getByTestId('form-all-have'), 'all-have');
  const outcomeScreen = page.getByTestId('outcome-screen');
  await expect(
    outcomeScreen,
    await page.locator('.field-error').allTextContents().then(String),
  ).toBeVisible();
  const outcome = (await outcomeScreen.getAttribute('data-outcome'))!;
  if (outcome === 'commitment') await walker.tap(page.getByTestId('accept-commitment'), 'accept');
  await walker.tap(page.getByTestId('confirm'), 'confirm');
  await expect(page.getByTestId('done-screen')).toBeVisible();
  const ticket = await page.getByTestId('ticket-number').isVisible();
  return {
    code: item.code,
    name: item.name['zh-CN'],
    taps: walker.taps,
    typed: walker.typed,
    outcome,
    ticket,
    path: walker.steps.join(' → '),
  };
}

const resultFile = process.env.TAPS_OUT ?? path.join('test-results', 'taps.json');
const baselineFile = path.join('test/e2e', 'taps-baseline.json');
const rows: TapRow[] = [];

test.describe.configure({ mode: 'serial' });

for (const item of items) {
  test(`taps: ${item.code} on its shortest path`, async ({ page }) => {
    const plan = plans[item.code];
    expect(plan, `a walker for ${item.code} (a new catalog item needs one here)`).toBeDefined();
    // A fresh kiosk per item: "most used" then is the hall's list, not what the walks before used.
    const kiosk = await launchKiosk({ KIOSK_HALL_CONFIG: allDayHall() });
    try {
      const api = await kioskApi(kiosk);
      await page.goto(kiosk.url);
      if (plan!.card) await placeCard(api, plan!.card);
      const row = await walk(page, item, plan!);
      rows.push(row);
      api.close();
    } finally {
      await kiosk.stop();
    }
  });
}

test('taps: the table, the 6-tap budget and the medians against the baseline', () => {
  expect(rows.map((row) => row.code)).toEqual(items.map((item) => item.code));
  const summary = summarise(rows);
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.writeFileSync(
    resultFile,
    JSON.stringify({ measuredAt: new Date().toISOString(), rows, summary }, null, 2),
  );
  // Card → ticket in at most 6 taps for every item that needs nothing typed.
  const overBudget = rows.filter((row) => row.typed === 0 && row.taps > 6);
  expect(overBudget, 'items needing nothing typed that take more than 6 taps').toEqual([]);
  const baseline = JSON.parse(fs.readFileSync(baselineFile, 'utf8')) as {
    medianTaps: number;
    medianTyped: number;
  };
  expect(summary.medianTaps, 'median taps (the median must not grow)').toBeLessThanOrEqual(
    baseline.medianTaps,
  );
  expect(summary.medianTyped, 'median typed characters').toBeLessThanOrEqual(baseline.medianTyped);
});
