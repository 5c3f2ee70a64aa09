import { z } from 'zod';

// What differs between printer models, kept in configuration rather than in code.
export const printerProfileSchema = z.object({
  /** Shown in diagnostics only. */
  name: z.string().min(1).max(80),
  /** Font A columns of one line (80 mm paper at 203 dpi: 48; 58 mm: 32). A Chinese character takes two. */
  columns: z.number().int().min(16).max(96),
  /** Send `FS &` to enter Chinese mode (after every `ESC @`). False for printers that are in Chinese mode
   *  from power-on and do not know the command. */
  chineseModeCommand: z.boolean(),
  /** Whether the printer's font has the 4-byte GB18030 characters (CJK extensions B+ and more).
   *  When false, such characters are replaced by a visible substitute before they reach the printer. */
  gb18030FourByte: z.boolean(),
  /** Whether the printer takes user-defined Chinese characters (`FS 2 FE c2 d1…d72`, 24×24 dots, codes
   *  FE A1–FE B4, the range every Chinese-mode model we know accepts). When true, a character its font
   *  lacks is drawn from the rare-character fonts and printed in the line as a defined character;
   *  when false, or when no font has it, the visible substitute (□U+XXXX) is printed. */
  userDefinedChinese: z.boolean(),
  cut: z.object({
    /** `full`: GS V 0, `partial`: GS V 1 (each after feeding `feedLines`), `feed-and-cut`: GS V 66 n. */
    mode: z.enum(['full', 'partial', 'feed-and-cut']),
    /** Lines fed before the cut so the last printed line clears the cutter blade. */
    feedLines: z.number().int().min(0).max(20),
  }),
  /** Paper sensor query: `dle-eot` (DLE EOT 4, real-time) or `gs-r` (GS r 1) for models without DLE EOT 4. */
  statusDialect: z.enum(['dle-eot', 'gs-r']),
  /** After a job, send `GS r 1` and wait for its reply: since it is processed in sequence, the reply means
   *  every byte before it was printed. Turn off only for a printer that does not answer GS r 1. */
  confirmCompletion: z.boolean(),
  /** QR module size in dots (1–8) used by templates. */
  qrModuleSize: z.number().int().min(1).max(8),
});

export type PrinterProfile = z.infer<typeof printerProfileSchema>;

/** A generic 80 mm ESC/POS kiosk printer (Epson-compatible command set, GB18030 2-byte font). */
export const DEFAULT_PRINTER_PROFILE: PrinterProfile = Object.freeze({
  name: 'Generic ESC/POS 80 mm',
  columns: 48,
  chineseModeCommand: true,
  gb18030FourByte: false,
  userDefinedChinese: true,
  cut: Object.freeze({ mode: 'partial' as const, feedLines: 4 }),
  statusDialect: 'dle-eot' as const,
  confirmCompletion: true,
  qrModuleSize: 6,
});

export type ProfileResult = { ok: true; profile: PrinterProfile } | { ok: false; message: string };

/** Validates a profile from configuration; missing fields take the default profile's values. */
export function parsePrinterProfile(input: unknown): ProfileResult {
  const merged =
    input && typeof input === 'object' && !Array.isArray(input)
      ? {
          ...DEFAULT_PRINTER_PROFILE,
          ...(input as Record<string, unknown>),
          cut: { ...DEFAULT_PRINTER_PROFILE.cut, ...((input as { cut?: object }).cut ?? {}) },
        }
      : input;
  const parsed = printerProfileSchema.safeParse(merged);
  if (parsed.success) return { ok: true, profile: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    message: `printer profile: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
  };
}
