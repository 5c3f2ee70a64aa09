// Card dates are YYYYMMDD; a validity end may be 长期 (long-term, no expiry).
export type IsoDate = string;
export type ValidTo = IsoDate | 'long-term';

export const LONG_TERM_MARKER = '长期';

/** 'YYYYMMDD' → 'YYYY-MM-DD' when it names a real calendar day, else undefined. */
export function parseCardDate(raw: string): IsoDate | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!match) return undefined;
  const [, year, month, day] = match as unknown as [string, string, string, string];
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (
    date.getUTCFullYear() !== Number(year) ||
    date.getUTCMonth() !== Number(month) - 1 ||
    date.getUTCDate() !== Number(day)
  ) {
    return undefined;
  }
  return `${year}-${month}-${day}`;
}

export function parseValidTo(raw: string): ValidTo | undefined {
  return raw === LONG_TERM_MARKER ? 'long-term' : parseCardDate(raw);
}

export function cardDateText(date: ValidTo): string {
  return date === 'long-term' ? LONG_TERM_MARKER : date.replaceAll('-', '');
}

/** Cards are issued and expire by the calendar in China (UTC+8, no daylight saving time). */
export function chinaCalendarDate(now: Date): IsoDate {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function dayNumber(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

export interface Validity {
  /** The card's last valid day is before today. */
  expired: boolean;
  /** The card's first valid day is after today. */
  notYetValid: boolean;
  /** 0 on the last valid day, negative once expired; null for a long-term card. */
  daysToExpiry: number | null;
}

export function validityOn(validFrom: IsoDate, validTo: ValidTo, now: Date): Validity {
  const today = dayNumber(chinaCalendarDate(now));
  const notYetValid = today < dayNumber(validFrom);
  if (validTo === 'long-term') return { expired: false, notYetValid, daysToExpiry: null };
  const daysToExpiry = dayNumber(validTo) - today;
  return { expired: daysToExpiry < 0, notYetValid, daysToExpiry };
}
