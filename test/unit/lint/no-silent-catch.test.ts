// "No silent catch": a catch that drops its error must rethrow, log with an event id, or say in a
// comment why nothing is lost. The rule is layers/no-silent-catch in eslint.config.js; `npm run lint`
// holds every file to it, and this proves what it accepts and refuses.
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function refused(body: string): Promise<boolean> {
  const code = `declare const logger: { warn(event: string): void };\nexport function f(): unknown {\n${body}\n}\n`;
  const [result] = await eslint.lintText(code, { filePath: path.join(root, 'main/services/probe.ts') });
  return result!.messages.some((message) => message.ruleId === 'layers/no-silent-catch');
}

describe('layers/no-silent-catch', () => {
  it.each([
    ['an empty bare catch', 'try { return 1; } catch {}'],
    ['a bare catch that returns a fallback', 'try { return 1; } catch { return 0; }'],
    ['a catch whose error is never looked at', 'try { return 1; } catch (error) { return 0; }'],
  ])('refuses %s', async (_name, body) => {
    expect(await refused(body)).toBe(true);
  });

  it.each([
    ['a rethrow with cause', "try { return 1; } catch (error) { throw new Error('x', { cause: error }); }"],
    ['a bare catch that throws', "try { return 1; } catch { throw new Error('x'); }"],
    ['a log with an event id', "try { return 1; } catch { logger.warn('probe.failed'); return 0; }"],
    ['a comment saying why', 'try { return 1; } catch {\n  // Absent means zero here.\n  return 0;\n}'],
    ['a catch that hands the error on', 'try { return 1; } catch (error) { return String(error); }'],
  ])('accepts %s', async (_name, body) => {
    expect(await refused(body)).toBe(false);
  });
});
