import { expect, test } from './fixtures.ts';

test('attract screen in Chinese, switches to English, health updates live', async ({ page, kiosk }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('favicon')) errors.push(message.text());
  });

  await page.goto(kiosk.url);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await expect(page.getByTestId('attract-prompt')).toHaveText('请将身份证放在下方读卡区');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('health-store')).toContainText('数据存储');
  // The token is taken off the address bar once read.
  expect(page.url()).not.toContain('token=');

  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('attract-prompt')).toHaveText(
    'Please place your ID card on the reader below',
  );
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('health-store')).toContainText('Data store');

  const updated = page.getByTestId('health-updated');
  const first = Number(await updated.getAttribute('data-sequence'));
  await expect
    .poll(async () => Number(await updated.getAttribute('data-sequence')), { timeout: 15_000 })
    .toBeGreaterThan(first);

  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('attract-prompt')).toHaveText('请将身份证放在下方读卡区');
  expect(errors).toEqual([]);
});

test('a page without the access token is told how to get in, and gets no API', async ({ page, kiosk }) => {
  await page.goto(kiosk.origin);
  await expect(page.getByRole('alert')).toContainText('此页面缺少访问凭据');
});
