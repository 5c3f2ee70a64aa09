// Typed once per session (issue #15, "fewer taps"), and labels that tell the truth (minor point):
// the mobile number typed on one item is offered, masked, on the next item of the same session and
// forgotten when the session ends; 「已从身份证读取」 marks only what a card on the reader supplied.
import { withGb11643CheckCharacter } from '../../domain/identity/id-number.ts';
import type { Page } from '@playwright/test';
import { type Api, placeCard } from './citizen-helpers.ts';
import { expect, kioskApi, test, type KioskProcess } from './fixtures.ts';

const mobile = '13912345678';

/** The kiosk page open, its API at hand; the card (if any) placed. */
async function start(page: Page, kiosk: KioskProcess, card?: string): Promise<Api> {
  test.setTimeout(90_000);
  const api = await kioskApi(kiosk);
  await page.goto(kiosk.url);
  if (card) await placeCard(api, card);
  return api;
}

test('the mobile number is typed once per session: offered masked on the next item, gone in the next session', async ({
  page,
  kiosk,
}) => {
  const api = await start(page, kiosk, 'resident-zhang-san');
  await page.getByTestId('whom-item-SOCIAL-SECURITY-CARD').click();
  await expect(page.getByTestId('form-screen')).toBeVisible();
  // Optional for this item (progress messages only), so it starts empty and says nothing is required.
  const field = page.getByTestId('field-mobile');
  await expect(field.locator('.required')).toHaveCount(0);
  await expect(field.locator('input')).toHaveValue('');
  await field.locator('input').click();
  for (const digit of mobile) await page.getByTestId(`field-mobile-keypad-${digit}`).click();
  await expect(field.locator('input')).toHaveValue(mobile);

  // Another item in the same session: the number is offered, masked, not typed again.
  await page.getByTestId('back').click();
  await expect(page.getByTestId('items-screen').or(page.getByTestId('whom-screen'))).toBeVisible();
  if (await page.getByTestId('whom-screen').isVisible()) await page.getByTestId('whom-self').click();
  await page.getByTestId('item-SOLE-TRADER-REGISTER').click();
  await expect(page.getByTestId('form-screen')).toBeVisible();
  const offered = page.getByTestId('field-mobile');
  await expect(offered.locator('.required')).toHaveCount(1);
  await expect(offered.locator('input')).toHaveValue('139****5678');
  await expect(page.getByTestId('field-mobile-offered')).toBeVisible();
  expect(await page.content()).not.toContain(mobile);
  // Kept as it is, it counts: the form's only complaint is not the number.
  await page.getByTestId('next').click();
  await expect(offered.getByRole('alert')).toHaveCount(0);
  // The person may type another one instead.
  await page.getByTestId('field-mobile-retype').click();
  await expect(offered.locator('input')).toHaveValue('');
  await expect(page.getByTestId('field-mobile-keypad')).toBeVisible();
  for (const digit of '13800001111') await page.getByTestId(`field-mobile-keypad-${digit}`).click();
  await expect(offered.locator('input')).toHaveValue('13800001111');

  // A new session (the same card again) starts with nothing typed.
  await api.invoke('session:end', { reason: 'user' });
  await placeCard(api, 'resident-zhang-san');
  await page.getByTestId('whom-self').click();
  await page.getByTestId('item-SOLE-TRADER-REGISTER').click();
  await expect(page.getByTestId('form-screen')).toBeVisible();
  await expect(page.getByTestId('field-mobile').locator('input')).toHaveValue('');
  await expect(page.getByTestId('field-mobile-offered')).toHaveCount(0);
  api.close();
});

test('「已从身份证读取」 labels only what the card supplied, never a typed name and number', async ({
  page,
  kiosk,
}) => {
  const api = await start(page, kiosk);

  // Typed identity (no card): the name and number are locked on the form but not "from the card".
  const idNumber = withGb11643CheckCharacter('11010519800315002');
  await page.getByTestId('no-card').click();
  await page.getByTestId('manual-entry').getByTestId('manual-item-TEACHER-CERT-REPLACE').click();
  await page.getByTestId('manual-name').fill('王小明');
  await page.getByTestId('manual-id').fill(idNumber);
  await page.getByTestId('manual-start').click();
  await expect(page.getByTestId('form-screen')).toBeVisible();
  await expect(page.getByTestId('field-name').locator('input')).toHaveValue('王小明');
  await expect(page.getByTestId('field-name').locator('input')).toHaveAttribute('readonly', '');
  await expect(page.getByTestId('form-screen')).not.toContainText('已从身份证读取');
  await expect(page.getByTestId('field-name-from-card')).toHaveCount(0);
  await expect(page.getByTestId('field-idNumber-from-card')).toHaveCount(0);
  await api.invoke('session:end', { reason: 'user' });

  // The same item with the card on the reader: now the label is true.
  await placeCard(api, 'resident-zhang-san');
  await page.getByTestId('whom-self').click();
  await page.getByTestId('item-search').fill('jszg');
  await page.getByTestId('item-TEACHER-CERT-REPLACE').click();
  await expect(page.getByTestId('form-screen')).toBeVisible();
  await expect(page.getByTestId('field-name-from-card')).toHaveText(/已从身份证读取/);
  await expect(page.getByTestId('field-idNumber-from-card')).toBeVisible();
  // What the person types is not labelled.
  await expect(page.getByTestId('field-certificateNumber-from-card')).toHaveCount(0);
  api.close();
});

test('a company identified by its code: its name is filled, locked, and not said to come from a card', async ({
  page,
  kiosk,
}) => {
  const api = await start(page, kiosk, 'resident-zhang-san');
  await page.getByTestId('whom-other').click();
  await page.getByTestId('item-search').fill('施工许可');
  await page.getByTestId('item-CONSTRUCTION-PERMIT').click();
  await page.getByTestId('applicant-way-company').click();
  await page.getByTestId('applicant-name').fill('北京市朝阳区建设有限公司');
  const { usccCheckCharacter } = await import('../../main/prereview/validate.ts');
  const uscc = '91110105MA01ABCD1' + usccCheckCharacter('91110105MA01ABCD1')!;
  await page.getByTestId('applicant-number').fill(uscc);
  await page.getByTestId('applicant-confirm').click();
  await expect(page.getByTestId('form-screen')).toBeVisible();
  // 建设单位名称 is the unit just named: not typed twice, not editable, not "from the ID card".
  await expect(page.getByTestId('field-builderName').locator('input')).toHaveValue(
    '北京市朝阳区建设有限公司',
  );
  await expect(page.getByTestId('field-builderName').locator('input')).toHaveAttribute('readonly', '');
  await expect(page.getByTestId('field-builderName-from-card')).toHaveCount(0);
  await expect(page.getByTestId('field-uscc-from-card')).toHaveCount(0);
  // The representative's name does come from the card on the reader.
  await expect(page.getByTestId('field-contactName-from-card')).toBeVisible();
  api.close();
});
