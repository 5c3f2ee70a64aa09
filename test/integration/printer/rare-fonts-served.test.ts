// The rare-character fonts reach the screen through the kiosk's own web host (font-src 'self'), and
// reach the package through electron-builder.yml: both checked here, against the real host process
// and the real builder configuration.
import fs from 'node:fs';
import path from 'node:path';
// @ts-expect-error — electron-builder's own YAML reader (its dependency), without type declarations
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RARE_FONTS } from '../../../hardware/printer/rare-fonts.ts';
import { launchKioskProcess, type KioskProcess } from '../../support/kiosk-process.ts';
import { stubRendererDir } from '../../support/kiosk.ts';

const root = path.resolve(import.meta.dirname, '../../..');

describe('the web host serves the rare-character fonts', () => {
  let kiosk: KioskProcess;
  beforeAll(async () => {
    kiosk = await launchKioskProcess({ rendererDir: stubRendererDir() });
  }, 40_000);
  afterAll(async () => {
    await kiosk?.stop();
  });

  for (const font of RARE_FONTS) {
    it(`/fonts/${font.file}: the Debian file, as font/ttf, under the strict CSP`, async () => {
      const reply = await fetch(`${kiosk.origin}/fonts/${font.file}`);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toBe('font/ttf');
      expect(reply.headers.get('content-security-policy')).toContain("font-src 'self'");
      const body = Buffer.from(await reply.arrayBuffer());
      expect(body.length).toBe(fs.statSync(font.debianPath).size);
      expect(body.subarray(0, 4).toString('hex')).toBe('00010000');
    });
  }

  for (const target of [
    '/fonts/other.ttf',
    '/fonts/..%2f..%2fetc%2fpasswd',
    '/fonts/',
    '/fonts/HanaMinA.ttf',
  ]) {
    it(`refuses ${target}`, async () => {
      const reply = await fetch(`${kiosk.origin}${target}`);
      expect(reply.status).toBe(404);
    });
  }
});

describe('the package carries them', () => {
  it('electron-builder copies each font from its Debian path to resources/fonts/<name>', () => {
    const builder = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
      extraResources: { from: string; to: string }[];
    };
    for (const font of RARE_FONTS) {
      expect(builder.extraResources).toContainEqual({ from: font.debianPath, to: `fonts/${font.file}` });
    }
  });

  it('.ci/run installs the Debian packages they come from', () => {
    const ci = fs.readFileSync(path.join(root, '.ci/run'), 'utf8');
    const line = /^for package in (.*); do$/m.exec(ci)?.[1]?.split(' ') ?? [];
    for (const font of RARE_FONTS) expect(line).toContain(font.debianPackage);
  });
});
