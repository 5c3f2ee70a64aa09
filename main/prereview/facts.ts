// The facts a rule may read: derived once per pre-review from the card, the clock and the hall.
// Facts hold no name, address or ID number, so a rule can never leak them onto a slip or a log.
import type { CardKind, IdCard } from '../../domain/identity/card.ts';
import { chinaCalendarDate, validityOn } from '../../domain/identity/dates.ts';
import type { Sex } from '../../domain/identity/sex.ts';
import { yearsBetween } from './rules.ts';

export interface CardFacts {
  kind: CardKind;
  sex: Sex;
  birthDate: string;
  /** Whole years on today's date in China; null when the birth date is not a calendar date. */
  age: number | null;
  /** Six-digit GB/T 2260 code of household registration (province only for foreigners' 2023 cards). */
  regionCode: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  validTo: string;
  longTerm: boolean;
  /** 0 on the last valid day, negative once expired, null for a long-term card. */
  daysToExpiry: number | null;
  expired: boolean;
  notYetValid: boolean;
  /** GB 11643 check character of the card number; null where the card type has none. */
  checkDigitValid: boolean | null;
  /** GB/T 2659 country code for foreigners' cards; null otherwise. */
  nationality: string | null;
}

export interface HallFacts {
  /** Six-digit GB/T 2260 code of the district the hall serves. */
  regionCode: string;
  name: string;
}

export interface TimeFacts {
  /** Today in China, YYYY-MM-DD. */
  date: string;
  hour: number;
  minute: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** The instant the facts were built, ISO 8601 UTC. */
  iso: string;
}

export interface Facts {
  card: CardFacts;
  hall: HallFacts;
  time: TimeFacts;
  applicant: { dishonest: boolean };
}

export interface BuildFactsInput {
  card: IdCard;
  now: Date;
  hall: HallFacts;
  /** The applicant is on the joint-punishment list of dishonest parties (失信被执行人等): no 容缺受理. */
  dishonest?: boolean;
}

/** Fact paths a rule may name with `var`, besides `agent`, `form.<field>` and `checklist.<material>`. */
export const FACT_PATHS: Readonly<Record<keyof Facts, readonly string[]>> = {
  card: [
    'kind',
    'sex',
    'birthDate',
    'age',
    'regionCode',
    'province',
    'city',
    'district',
    'validTo',
    'longTerm',
    'daysToExpiry',
    'expired',
    'notYetValid',
    'checkDigitValid',
    'nationality',
  ],
  hall: ['regionCode', 'name'],
  time: ['date', 'hour', 'minute', 'weekday'],
  applicant: ['dishonest'],
};

const CHINA_OFFSET_MS = 8 * 3_600_000;

export function timeFacts(now: Date): TimeFacts {
  const valid = Number.isFinite(now.getTime());
  const instant = valid ? now : new Date(0);
  const china = new Date(instant.getTime() + CHINA_OFFSET_MS);
  const weekday = china.getUTCDay();
  return {
    date: chinaCalendarDate(instant),
    hour: china.getUTCHours(),
    minute: china.getUTCMinutes(),
    weekday: weekday === 0 ? 7 : weekday,
    iso: instant.toISOString(),
  };
}

export function buildFacts({ card, now, hall, dishonest = false }: BuildFactsInput): Facts {
  const time = timeFacts(now);
  const validity = validityOn(card.validFrom, card.validTo, new Date(time.iso));
  return {
    card: {
      kind: card.kind,
      sex: card.sex,
      birthDate: card.birthDate,
      age: yearsBetween(card.birthDate, time.date),
      regionCode: card.region?.code ?? null,
      province: card.region?.province ?? null,
      city: card.region?.city ?? null,
      district: card.region?.district ?? null,
      validTo: card.validTo,
      longTerm: card.validTo === 'long-term',
      daysToExpiry: Number.isFinite(validity.daysToExpiry) ? validity.daysToExpiry : null,
      expired: validity.expired,
      notYetValid: validity.notYetValid,
      checkDigitValid: card.checkDigitValid,
      nationality: card.kind === 'foreign-old' || card.kind === 'foreign-2023' ? card.nationality : null,
    },
    hall: { regionCode: hall.regionCode, name: hall.name },
    time,
    applicant: { dishonest },
  };
}
