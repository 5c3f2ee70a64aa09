// Rare characters (issue #15, paper point 5): a name with 𪚥 (U+2A6A5, CJK extension B) is drawn
// on screen from the kiosk's own rare-character font, not as a blank box, and a rare character on
// paper is printed as dots drawn from the same font (FS 2), not as 「□U+XXXX」.
import fs from 'node:fs';
import { bitmapToText, parseTrueType, rasteriseCodePoint } from '../../hardware/printer/glyph-raster.ts';
import { RARE_FONTS } from '../../hardware/printer/rare-fonts.ts';
import { expect, kioskApi, test } from './fixtures.ts';

const [HANA_MIN_B] = RARE_FONTS;

// The page's document as far as these checks use it (the test files are compiled without the DOM
// library); each page.evaluate body reaches it through globalThis, as it runs in the browser.
interface ProbeElement {
  id: string;
  style: { cssText: string };
  textContent: string | null;
}
interface PageDocument {
  fonts: Iterable<{ family: string; status: string }> & { ready: Promise<unknown> };
  getElementById(id: string): ProbeElement | null;
  createElement(tag: string): ProbeElement;
  body: { append(element: ProbeElement): void };
}
type PageGlobal = { document: PageDocument };

test('a name with a character of CJK extension B is drawn with the rare-character font, not as tofu', async ({
  page,
  kiosk,
}) => {
  await page.goto(kiosk.url);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await page.getByTestId('dev-open').click();
  await page.getByRole('button', { name: /陈𪚥𠀾/ }).click();
  const greeting = page.getByTestId('greeting');
  await expect(greeting).toHaveText('您好，陈𪚥𠀾');

  // The browser fetched the face because this text needed it (unicode-range), and it loaded under
  // the strict CSP (font-src 'self'): a refused or missing file would end as 'error'.
  await expect
    .poll(() =>
      page.evaluate(() =>
        [...(globalThis as unknown as PageGlobal).document.fonts]
          .filter((f) => f.family.replace(/"/g, '') === 'Kiosk Rare Han B-F')
          .map((f) => f.status),
      ),
    )
    .toEqual(['loaded']);

  // Which fonts Chromium actually drew the greeting's characters with.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', {
    nodeId: root.nodeId,
    selector: '[data-testid="greeting"]',
  });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  const rare = fonts.find((f) => f.isCustomFont && /HanaMin/i.test(f.familyName + f.postScriptName));
  expect(rare, JSON.stringify(fonts)).toBeDefined();
  // 𪚥: the one glyph Noto Sans CJK lacks (it has 𠀾, so that one stays with Noto).
  expect(rare!.glyphCount).toBe(1);
  expect(fonts.filter((f) => !f.isCustomFont).length).toBeGreaterThan(0);

  // And the pixels: 𪚥 drawn in the page's font stack differs from the box of a code point no
  // font has, which is what the screen showed before. (Private-use code points of plane 16: outside
  // the rare faces' unicode-range, so they do not make the browser fetch the 50 MB G font.)
  const shot = async (text: string): Promise<Buffer> => {
    await page.evaluate((t) => {
      const document = (globalThis as unknown as PageGlobal).document;
      let probe = document.getElementById('rare-probe');
      if (!probe) {
        probe = document.createElement('span');
        probe.id = 'rare-probe';
        probe.style.cssText =
          'position:fixed;left:0;top:0;font-size:64px;line-height:1;background:#fff;color:#000;z-index:99999';
        document.body.append(probe);
      }
      probe.textContent = t;
    }, text);
    await page.evaluate(() => (globalThis as unknown as PageGlobal).document.fonts.ready);
    return page.locator('#rare-probe').screenshot();
  };
  const glyph = await shot('𪚥');
  const tofu = await shot('\u{10FFFD}');
  const tofuAgain = await shot('\u{10FFFC}');
  expect(tofu.equals(tofuAgain)).toBe(true);
  expect(glyph.equals(tofu)).toBe(false);

  // Extension G (U+30000 𰀀) comes from the second face, BabelStone Han.
  const extensionG = await shot('\u{30000}');
  expect(extensionG.equals(tofu)).toBe(false);
  const { root: again } = await cdp.send('DOM.getDocument', { depth: -1 });
  const probe = await cdp.send('DOM.querySelector', { nodeId: again.nodeId, selector: '#rare-probe' });
  const probeFonts = (await cdp.send('CSS.getPlatformFontsForNode', { nodeId: probe.nodeId })).fonts;
  expect(probeFonts.some((f) => f.isCustomFont && /BabelStone/i.test(f.familyName + f.postScriptName))).toBe(
    true,
  );
});

test('a rare character on paper is the font’s dots, defined as a user-defined character', async ({
  kiosk,
}) => {
  const api = await kioskApi(kiosk);
  try {
    // The printer's self-test page carries 「生僻字（四字节）：𠮷」 (U+20BB7, extension B).
    const printed = await api.invoke('dev:printTestPage');
    expect(printed.ok, JSON.stringify(printed.error)).toBe(true);
    const state = (await api.invoke('dev:getState')).value as {
      printer: { receipts: { lines: string[]; svg: string }[] };
    };
    const receipt = state.printer.receipts[0]!;
    const line = receipt.lines.find((l) => l.startsWith('生僻字'));
    expect(line).toBe('生僻字（四字节）：\uFFFC');
    expect(receipt.lines.join('\n')).not.toContain('□U+');

    // The dots on the paper, read back from the emulator's drawing of it, are the dots the font gives.
    const match = /<path data-user-glyph="FEA1" transform="[^"]*" d="([^"]*)"\/>/.exec(receipt.svg);
    expect(match, 'no user-defined character on the paper').not.toBeNull();
    const rows = Array.from({ length: 24 }, () => Array<string>(24).fill('.'));
    for (const [, x, y] of match![1]!.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) rows[Number(y)]![Number(x)] = '#';
    const font = parseTrueType(fs.readFileSync(HANA_MIN_B!.debianPath));
    const expected = bitmapToText(rasteriseCodePoint(font, 0x20bb7)!);
    expect(rows.map((r) => r.join(''))).toEqual(expected);
    expect(expected.join('')).toContain('#');
  } finally {
    api.close();
  }
});
