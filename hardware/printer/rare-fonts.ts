import fs from 'node:fs';
import { errorChain } from '../../common/errors.ts';
import path from 'node:path';
import type { DeviceLogger } from '../serial/index.ts';
import { parseTrueType, rasteriseCodePoint, type GlyphBitmap, type TrueTypeFont } from './glyph-raster.ts';

// The fonts for characters beyond the printer's and the screen's built-in Chinese fonts (CJK
// extensions B–G, planes 2 and 3), one place for both: the web host serves them to the screen
// (@font-face in renderer/src/styles.css) and the printer rasterises from the very same files.
//
// Neither Debian package covers B–G alone (fc-query, Debian bookworm):
//   fonts-hanazono  HanaMinB.ttf       B 42711/42720, C 4149/4154, D 222/222, E 5762/5762, F 7473/7473, G 0
//   fonts-babelstone-han BabelStoneHan.ttf  B 14133, C 2206, D 222, E 3351, F 2983, G 3045/4939, H 2271
// so HanaMinB answers planes 2 (B–F) and BabelStone Han plane 3 (G, H) and whatever HanaMinB lacks.
// Licences allow bundling: Hanazono Font License or SIL OFL 1.1; Arphic Public License (with
// CC-BY-SA for some symbols).

export interface RareFont {
  /** File name, also the name under /fonts/ on the kiosk's web host and in packaged resources. */
  file: string;
  /** The CSS family the renderer's font stack names. */
  family: string;
  debianPackage: string;
  debianPath: string;
}

export const RARE_FONTS: readonly RareFont[] = Object.freeze([
  {
    file: 'HanaMinB.ttf',
    family: 'Kiosk Rare Han B-F',
    debianPackage: 'fonts-hanazono',
    debianPath: '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf',
  },
  {
    file: 'BabelStoneHan.ttf',
    family: 'Kiosk Rare Han G',
    debianPackage: 'fonts-babelstone-han',
    debianPath: '/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf',
  },
]);

/** Where the font files are looked for, first match wins: KIOSK_FONT_DIR (an operator's override),
 *  the packaged app's resources/fonts (electron-builder copies them there), then the Debian path. */
export function rareFontCandidates(font: RareFont, env: NodeJS.ProcessEnv = process.env): string[] {
  const candidates: string[] = [];
  if (env.KIOSK_FONT_DIR) candidates.push(path.join(env.KIOSK_FONT_DIR, font.file));
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) candidates.push(path.join(resources, 'fonts', font.file));
  candidates.push(font.debianPath);
  return candidates;
}

/** The file of a rare font by its served name, or undefined (unknown name, or not installed). Only the
 *  names in RARE_FONTS are ever resolved: a request path never reaches the file system. */
export function locateRareFont(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
  fonts: readonly RareFont[] = RARE_FONTS,
): string | undefined {
  const font = fonts.find((f) => f.file === file);
  if (!font) return undefined;
  return rareFontCandidates(font, env).find((candidate) => {
    try {
      return fs.statSync(candidate).isFile();
    } catch {
      // Not there (or not readable): the next candidate is tried, and load() logs when none is left.
      return false;
    }
  });
}

/** Turns a code point into the printer's 24×24 dots, or says it cannot. */
export interface GlyphSource {
  glyph(codePoint: number): GlyphBitmap | undefined;
}

export interface FontGlyphSourceOptions {
  logger?: DeviceLogger;
  env?: NodeJS.ProcessEnv;
  /** The fonts to try, in order; default RARE_FONTS. */
  fonts?: readonly RareFont[];
  /** Reads a font file; tests replace it to simulate an unreadable file. */
  readFile?: (file: string) => Uint8Array;
}

/** Rasterises from the rare fonts, loading each file the first time a character needs it (tens of
 *  megabytes: a kiosk that never meets a rare name never reads them). A font that is missing or
 *  unreadable is said once in the device log and then skipped: the character falls back to the
 *  visible substitute (□U+XXXX), the print job goes on. Code points only are logged, never names. */
export function fontGlyphSource(options: FontGlyphSourceOptions = {}): GlyphSource {
  const loaded = new Map<string, TrueTypeFont | null>();
  const cache = new Map<number, GlyphBitmap | undefined>();
  const fonts = options.fonts ?? RARE_FONTS;
  const readFile = options.readFile ?? ((file: string) => fs.readFileSync(file));
  const load = (font: RareFont): TrueTypeFont | null => {
    if (loaded.has(font.file)) return loaded.get(font.file)!;
    let parsed: TrueTypeFont | null = null;
    const file = locateRareFont(font.file, options.env, fonts);
    if (!file) {
      options.logger?.warn('printer.rare-font-missing', {
        font: font.file,
        package: font.debianPackage,
        looked: rareFontCandidates(font, options.env).join(', '),
        effect: 'rare characters print as □U+XXXX',
      });
    } else {
      try {
        parsed = parseTrueType(readFile(file));
        options.logger?.info('printer.rare-font-loaded', { font: file, glyphs: parsed.numGlyphs });
      } catch (error) {
        options.logger?.warn('printer.rare-font-unreadable', {
          font: file,
          error: errorChain(error),
          effect: 'rare characters print as □U+XXXX',
        });
      }
    }
    loaded.set(font.file, parsed);
    return parsed;
  };
  return {
    glyph(codePoint: number): GlyphBitmap | undefined {
      if (cache.has(codePoint)) return cache.get(codePoint);
      let bitmap: GlyphBitmap | undefined;
      for (const font of fonts) {
        const parsed = load(font);
        if (!parsed) continue;
        try {
          bitmap = rasteriseCodePoint(parsed, codePoint);
        } catch (error) {
          options.logger?.warn('printer.rare-glyph-unreadable', {
            codePoint: `U+${codePoint.toString(16).toUpperCase()}`,
            error: errorChain(error),
          });
        }
        if (bitmap) break;
      }
      cache.set(codePoint, bitmap);
      return bitmap;
    },
  };
}
