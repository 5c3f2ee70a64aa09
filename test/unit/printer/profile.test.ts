import { describe, expect, it } from 'vitest';
import { DEFAULT_PRINTER_PROFILE, parsePrinterProfile } from '../../../hardware/printer/profile.ts';

describe('printer profile', () => {
  it('accepts the default profile', () => {
    expect(parsePrinterProfile(DEFAULT_PRINTER_PROFILE)).toEqual({
      ok: true,
      profile: DEFAULT_PRINTER_PROFILE,
    });
  });
  it('fills missing fields from the default', () => {
    const result = parsePrinterProfile({ name: '58 mm', columns: 32, cut: { mode: 'full' } });
    expect(result).toEqual({
      ok: true,
      profile: {
        ...DEFAULT_PRINTER_PROFILE,
        name: '58 mm',
        columns: 32,
        cut: { mode: 'full', feedLines: 4 },
      },
    });
  });
  it('refuses an unknown dialect with a sentence naming the field', () => {
    const result = parsePrinterProfile({ statusDialect: 'asb' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^printer profile: statusDialect: /);
  });
  it('refuses a non-object', () => {
    expect(parsePrinterProfile('epson').ok).toBe(false);
  });
});
