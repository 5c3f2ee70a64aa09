// Issue 16, item 1: the technician sees each signed document's version, its source and when it
// was applied. The central system (the real server and admin tool) signs and publishes a credit
// restriction list; the kiosk pulls and verifies it through its real sync; the maintenance screen
// then shows it as the central's version 3, applied at a time, beside the bundled catalog.
import { startTestCentral } from './central-helpers.ts';
import { expect, launchKiosk, test } from './fixtures.ts';

test('maintenance lists the signed documents: version, source, when applied', async ({ page }) => {
  test.setTimeout(120_000);
  const central = await startTestCentral('K-MAINT-DOCS');
  central.publishCredit(3, [{ id: '11010519491231002X', until: null, basis: '测试依据' }]);
  const kiosk = await launchKiosk(central.kioskEnv);
  try {
    await page.goto(kiosk.url);
    await page.getByTestId('maint-entry').click();
    await page.getByTestId('maint-account-input').fill('8001');
    await page.getByTestId('maint-pin-input').fill('246810');
    await page.getByTestId('maint-login').click();
    await expect(page.getByTestId('maint-documents')).toBeVisible();

    // What shipped: the catalog bundled with the software, in force since start.
    const catalog = page.getByTestId('maint-document-catalog');
    await expect(catalog).toHaveAttribute('data-source', 'factory');
    await expect(page.getByTestId('maint-document-catalog-version')).not.toHaveText('—');
    await expect(page.getByTestId('maint-document-catalog-source')).toHaveText('出厂内置');
    await expect(catalog.getByRole('rowheader')).toHaveText('事项目录');

    // From central: the list arrives through sync (the section asks again after each success).
    const credit = page.getByTestId('maint-document-credit-restrictions');
    await expect(credit).toHaveAttribute('data-source', 'central', { timeout: 30_000 });
    await expect(page.getByTestId('maint-document-credit-restrictions-version')).toHaveText('3');
    await expect(page.getByTestId('maint-document-credit-restrictions-source')).toHaveText(
      '中心下发（已验签）',
    );
    // Applied at a real time: today's date, as the screen writes it.
    const today = new Date().toLocaleDateString('zh-CN');
    await expect(page.getByTestId('maint-document-credit-restrictions-applied')).toContainText(today);
    await expect(credit.getByRole('rowheader')).toHaveText('信用限制名单');

    // Nothing raw on the Chinese screen: no message keys, no kind names.
    const text = (await page.getByTestId('maint-documents').textContent()) ?? '';
    expect(text).not.toMatch(/maint\.|credit-restrictions|hall-config|catalog|factory|central/);
  } finally {
    await kiosk.stop();
    await central.stop();
  }
});
