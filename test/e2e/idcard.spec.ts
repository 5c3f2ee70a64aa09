import { expect, test } from './fixtures.ts';

const fullIdNumber = /\d{17}[\dX]/;

test('placing an emulated card greets the person by name with the masked number; removal is noticed', async ({
  page,
  kiosk,
}) => {
  await page.goto(kiosk.url);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await expect(page.getByTestId('health-idcard')).toHaveAttribute('data-level', 'ok');

  await page.getByTestId('dev-open').click();
  await page.getByRole('button', { name: /张三 · 有效/ }).click();

  await expect(page.getByTestId('greeting')).toHaveText('您好，张三');
  await expect(page.getByTestId('masked-id')).toHaveText(/^证件号码 110\*{11}\d{3}[\dX] · 居民身份证$/);
  expect(await page.content()).not.toMatch(fullIdNumber);

  // "For myself": on to the items, where a card taken away is noticed.
  await page.getByTestId('dev-close').click();
  await page.getByTestId('whom-self').click();
  await expect(page.getByTestId('items-screen')).toBeVisible();
  await page.getByTestId('dev-open').click();
  await page.getByTestId('dev-remove').click();
  await expect(page.getByTestId('card-removed')).toHaveText('身份证已取走，请妥善保管。');
  await page.getByTestId('dev-close').click();

  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('card-removed')).toHaveText(
    'Your card has been taken off the reader. Please keep it safe.',
  );
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page.getByTestId('attract-screen')).toBeVisible();
});

test('a faulty read shows a plain sentence, then the card reads once the fault clears', async ({
  page,
  kiosk,
}) => {
  await page.goto(kiosk.url);
  await page.getByTestId('dev-open').click();
  await page.getByTestId('dev-idcard-fault').selectOption('read-fails');
  await expect(page.getByTestId('dev-idcard-fault-description')).toHaveText(
    'reading the card fails (SW3 41)',
  );
  await page.getByRole('button', { name: /马秀兰/ }).click();

  const banner = page.getByTestId('idcard-fault');
  await expect(banner).toHaveText('未能读取身份证，请将身份证放稳，不要移动。');
  await expect(banner).not.toContainText(/41|SW|read-failed/);
  await expect(page.getByTestId('attract-screen')).toBeVisible();

  await page.getByTestId('dev-idcard-fault').selectOption('');
  await expect(page.getByTestId('greeting')).toHaveText('您好，马秀兰');
  await expect(banner).toHaveCount(0);
});

test('an unplugged reader shows on the health line and recovers when plugged back', async ({
  page,
  kiosk,
}) => {
  await page.goto(kiosk.url);
  await expect(page.getByTestId('health-idcard')).toHaveAttribute('data-level', 'ok');
  await page.getByTestId('dev-open').click();
  await page.getByTestId('dev-idcard-plug').click();
  await page.getByTestId('dev-close').click();
  await expect(page.getByTestId('health-idcard')).toHaveAttribute('data-level', 'fault', { timeout: 20_000 });
  await expect(page.getByTestId('health-idcard')).toContainText('未连接或无响应');
  // A kiosk that cannot read cards sends people to a window instead of starting a flow.
  // By day to a window; after hours (windows closed) to the next opening and the hotline.
  await expect(page.getByTestId('out-of-service')).toContainText(
    /本机暂停服务(，请到人工窗口办理|。现在是非办公时间，人工窗口已关闭)/,
  );

  await page.getByTestId('dev-open').click();
  await page.getByTestId('dev-idcard-plug').click();
  await expect(page.getByTestId('health-idcard')).toHaveAttribute('data-level', 'ok', { timeout: 20_000 });
  await page.getByRole('button', { name: /陈大文/ }).click();
  await expect(page.getByTestId('greeting')).toHaveText('您好，陈大文');
});
