import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { encodeDocument } from '../../hardware/printer/encode.ts';
import { DEFAULT_PRINTER_PROFILE } from '../../hardware/printer/profile.ts';
import { fontGlyphSource } from '../../hardware/printer/rare-fonts.ts';
import { parseEscPos } from '../../hardware/emulators/printer/escpos-decoder.ts';
import {
  ReceiptModel,
  receiptsFromCommands,
  type Receipt,
} from '../../hardware/emulators/printer/receipt-model.ts';
import { renderReceiptSvg } from '../../hardware/emulators/printer/render-svg.ts';
import { SAMPLE_DOCUMENTS } from './samples.ts';

// `npx tsx tools/printer-docs/render-docs.ts [OUT_DIR]`: prints every template's sample to
// ESC/POS bytes, reads them back with the emulator's decoder (so the pictures show what the printer
// would print, not what the template meant), and screenshots the SVG with Chromium into PNG files.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(process.argv[2] ?? join(here, '../../docs/printer'));

function decode(bytes: Buffer): Receipt {
  const [receipt] = receiptsFromCommands(parseEscPos(bytes));
  if (!receipt) throw new Error('the decoder produced no receipt');
  return receipt;
}

/** The ticket as it comes out when the paper runs out after six lines. */
function paperOutReceipt(bytes: Buffer): Receipt {
  let paper = true;
  const receipts: Receipt[] = [];
  const model = new ReceiptModel(
    {
      canPrint: () => paper,
      whyNot: () => 'paper ran out',
      linePrinted: (lines) => {
        if (lines >= 6) paper = false;
      },
    },
    (receipt) => receipts.push(receipt),
  );
  for (const command of parseEscPos(bytes)) model.apply(command);
  model.close(true);
  const [receipt] = receipts;
  if (!receipt) throw new Error('no receipt');
  return receipt;
}

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const glyphs = fontGlyphSource();
  const pictures: { name: string; receipt: Receipt }[] = Object.entries(SAMPLE_DOCUMENTS).map(
    ([name, make]) => ({
      name,
      // With the rare-character fonts, as TicketPrinter prints: 𠮷 is drawn (FS 2), not □U+20BB7.
      receipt: decode(encodeDocument(make(), DEFAULT_PRINTER_PROFILE, { glyphs })),
    }),
  );
  const ticket = SAMPLE_DOCUMENTS.ticket;
  if (ticket) {
    pictures.push({
      name: 'ticket-paper-out',
      receipt: paperOutReceipt(encodeDocument(ticket(), DEFAULT_PRINTER_PROFILE)),
    });
  }

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    for (const { name, receipt } of pictures) {
      const svg = renderReceiptSvg(receipt);
      const width = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 640);
      const height = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 800);
      await page.setViewportSize({ width, height });
      await page.setContent(`<!doctype html><meta charset="utf-8"><body style="margin:0">${svg}</body>`);
      // Runs in the page, where `document` exists; the string keeps Node typings out of it.
      await page.evaluate('document.fonts.ready');
      const target = join(outDir, `${name}.png`);
      await writeFile(target, await page.screenshot({ clip: { x: 0, y: 0, width, height } }));
      process.stdout.write(`${target}\n`);
    }
  } finally {
    await browser.close();
  }
}

await main();
