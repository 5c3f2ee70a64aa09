// The recorded prompts exist for every prompt key in both languages, are real Ogg files, stay
// small, and were made from the sentences the screens show now (generate.sh records a hash).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { promptKeys, promptUrl } from '../../../renderer/src/speech/prompt-keys.ts';

const projectRoot = path.resolve(import.meta.dirname, '../../..');
const publicDir = path.join(projectRoot, 'renderer', 'public');

describe('recorded prompts', () => {
  it('exist as Ogg files for every key in zh-CN and en, a few MB in all', () => {
    let total = 0;
    const missing: string[] = [];
    for (const locale of ['zh-CN', 'en']) {
      for (const key of promptKeys) {
        const file = path.join(publicDir, promptUrl(locale, key));
        if (!fs.existsSync(file)) {
          missing.push(`${locale}/${key}`);
          continue;
        }
        const bytes = fs.readFileSync(file);
        expect(bytes.subarray(0, 4).toString('latin1'), file).toBe('OggS');
        total += bytes.length;
      }
    }
    expect(missing).toEqual([]);
    expect(total).toBeLessThan(4_000_000);
  });

  it('were recorded from the current sentences (re-run resources/prompts/generate.sh otherwise)', () => {
    const texts = execFileSync(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'resources/prompts/export-texts.ts')],
      { cwd: projectRoot, encoding: 'utf8' },
    );
    const hash = crypto.createHash('sha256').update(texts).digest('hex');
    const recorded = fs.readFileSync(path.join(publicDir, 'prompts', 'texts.sha256'), 'utf8').trim();
    expect(recorded).toBe(hash);
  });
});
