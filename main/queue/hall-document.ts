// The central system's signed 'hall-config' document: the hall configuration (lines, hours, caps,
// lanes, kiosk marks — the same shape as resources/hall/hall.json) plus the hall's notices and its
// hotline, which the shipped files keep apart. Checked whole before it is stored.
import { z } from 'zod';
import { noticesFileSchema, type NoticesFile } from '../services/hours.ts';
import { kioskIndexOf, parseHallConfig, type HallConfig } from './hall-config.ts';

const extras = z.object({
  notices: noticesFileSchema.shape.notices.optional(),
  /** The hall's phone line, printed on tickets and slips. */
  hotline: z.string().min(1).max(32).optional(),
});

export interface HallDocument {
  hall: HallConfig;
  kioskIndex: number;
  notices: NoticesFile['notices'] | null;
  hotline: string | null;
}

/** Throws an Error naming the first problem. `kioskId` must have a mark in it (or one configured),
 *  or the kiosk could not issue numbers without colliding with another. */
export function parseHallDocument(
  content: unknown,
  kiosk: { kioskId: string; configuredIndex?: number | undefined },
): HallDocument {
  if (!content || typeof content !== 'object' || Array.isArray(content))
    throw new Error('the hall configuration must be an object');
  const { notices, hotline, ...rest } = content as Record<string, unknown>;
  const parsedExtras = extras.safeParse({ notices, hotline });
  if (!parsedExtras.success) {
    const issue = parsedExtras.error.issues[0]!;
    throw new Error(`${issue.path.join('.')}: ${issue.message}`);
  }
  const hall = parseHallConfig(rest, '(signed document)');
  const kioskIndex = kioskIndexOf(hall, kiosk.kioskId, kiosk.configuredIndex);
  if (kioskIndex === undefined) throw new Error(`kiosk ${kiosk.kioskId} has no number mark in it`);
  return {
    hall,
    kioskIndex,
    notices: parsedExtras.data.notices ?? null,
    hotline: parsedExtras.data.hotline ?? null,
  };
}
