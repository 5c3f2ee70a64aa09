import { withGb11643CheckCharacter } from '../../domain/identity/id-number.ts';
import { expect, test } from './fixtures.ts';

test('no card: a person types name and ID number for an item that allows it, and is told to show a document', async ({
  page,
  kiosk,
}) => {
  const idNumber = withGb11643CheckCharacter('11010519800315002');
  await page.goto(kiosk.url);
  await page.getByTestId('no-card').click();
  await expect(page.getByTestId('no-card-screen')).toBeVisible();

  // Only items whose catalog entry allows typing are offered; the ID card renewal is not one.
  const manual = page.getByTestId('manual-entry');
  await expect(manual.getByTestId('manual-item-TEACHER-CERT-REPLACE')).toBeVisible();
  await expect(manual.getByTestId('manual-item-ID-CARD-RENEWAL')).toHaveCount(0);
  await manual.getByTestId('manual-item-TEACHER-CERT-REPLACE').click();

  await page.getByTestId('manual-name').fill('王小明');
  await page.getByTestId('manual-id').fill(idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1'));
  await page.getByTestId('manual-start').click();
  await expect(page.getByRole('alert').filter({ hasText: '身份证号码不正确' })).toBeVisible();

  // Typed again on the keypad, as on a kiosk without a keyboard: X only as the last character.
  const keypad = page.getByTestId('manual-id-keypad');
  await keypad.getByTestId('manual-id-keypad-clear').click();
  await expect(page.getByTestId('manual-id')).toHaveValue('');
  for (const character of idNumber.slice(0, 17))
    await keypad.getByTestId(`manual-id-keypad-${character}`).click();
  await expect(keypad.getByTestId('manual-id-keypad-extra')).toBeEnabled();
  await keypad.getByTestId('manual-id-keypad-9').click();
  await keypad.getByTestId('manual-id-keypad-back').click();
  await expect(page.getByTestId('manual-id')).toHaveValue(idNumber.slice(0, 17));
  const last = idNumber[17]!;
  await keypad.getByTestId(last === 'X' ? 'manual-id-keypad-extra' : `manual-id-keypad-${last}`).click();
  await expect(page.getByTestId('manual-id')).toHaveValue(idNumber);
  // Full: no key types more.
  await expect(keypad.getByTestId('manual-id-keypad-0')).toBeDisabled();
  await page.getByTestId('manual-start').click();
  await expect(page.getByTestId('form-screen')).toBeVisible();
  await expect(page.getByTestId('field-name').locator('input')).toHaveValue('王小明');
  await expect(page.getByTestId('field-idNumber').locator('input')).toHaveValue(/^110\*{11}\d{3}[\dX]$/);
  expect(await page.content()).not.toContain(idNumber);

  // Back returns to the no-card screen, where the item was chosen.
  await page.getByTestId('back').click();
  await expect(page.getByTestId('no-card-screen')).toBeVisible();
});
