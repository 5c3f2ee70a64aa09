// The facts a rule may read: derived once per pre-review from the APPLICANT's identity, the agent (if
// any), the clock and the hall. Every rule judges the applicant; the agent's card only ever tells who
// the agent is. Facts hold no name, address or ID number, so a rule can never leak them onto a slip or
// a log. The contract with the flow is written out in /work/coord/facts.md (and docs/catalog.md).
import type { CardKind, IdCard } from '../../domain/identity/card.ts';
import { chinaCalendarDate, validityOn } from '../../domain/identity/dates.ts';
import { isValidGb11643 } from '../../domain/identity/id-number.ts';
import { isRegionCode } from './regions.ts';
import { yearsBetween } from './rules.ts';

/** Who the applicant is, as far as eligibility goes. */
export const APPLICANT_CARD_TYPES = [
  'resident',
  'hmt-permit',
  'foreign-permanent',
  'none',
  'company',
] as const;
export type ApplicantCardType = (typeof APPLICANT_CARD_TYPES)[number];

/** How someone acts for the applicant: a guardian is a statutory agent (民法典 arts. 23, 27) and shows
 *  the family relationship, an entrusted agent shows a power of attorney (民法典 art. 165), a legal
 *  representative acts as the company itself (民法典 art. 61). */
export const AGENT_RELATIONS = ['guardian', 'entrusted', 'representative'] as const;
export type AgentRelation = (typeof AGENT_RELATIONS)[number];

export interface ApplicantFacts {
  cardType: ApplicantCardType;
  /** How the identity is known: read from the chip, typed (the window checks the document), none
   *  (a child without a card), or a company identified by its credit code. */
  source: 'card' | 'typed' | 'none' | 'company';
  /** Whole years on today's China date; null when unknown (no birth date, a company). */
  age: number | null;
  birthDate: string | null;
  sex: 'male' | 'female' | null;
  /** 户籍: six-digit GB/T 2260 code derived by the flow from the resident card's ADDRESS (latest chip
   *  address wins), or answered by the citizen; null when unknown. Never from the ID number. */
  registrationRegion: string | null;
  nationality: string | null;
  /** The card is within its validity; true when no card is involved (the window checks documents). */
  cardValid: boolean;
  cardLongTerm: boolean;
  /** Last valid day of the card, YYYY-MM-DD; null for a long-term card or when no card is involved. */
  validTo: string | null;
  daysToExpiry: number | null;
  checkDigitValid: boolean | null;
  /** On the credit restriction list (失信). Only ever withholds a commitment; never a refusal. */
  creditRestricted: boolean;
  uscc: string | null;
}

export interface AgentFacts {
  present: boolean;
  relation: AgentRelation | null;
  cardType: ApplicantCardType | null;
  age: number | null;
  cardValid: boolean;
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
  applicant: ApplicantFacts;
  agent: AgentFacts;
  hall: HallFacts;
  time: TimeFacts;
}

export type ApplicantInput =
  | { source: 'card'; card: IdCard; registrationRegion: string | null }
  | {
      source: 'typed';
      cardType: 'resident' | 'hmt-permit' | 'foreign-permanent';
      idNumber: string;
      registrationRegion: string | null;
    }
  | { source: 'none'; birthDate: string | null; registrationRegion: string | null }
  | { source: 'company'; uscc: string };

export interface BuildFactsInput {
  now: Date;
  hall: HallFacts;
  applicant: ApplicantInput;
  /** The flow looked the APPLICANT up in the newest verified credit list (by hashed ID number, or a
   *  company by its credit code) — never the agent. */
  creditRestricted?: boolean;
  /** null or absent: the applicant applies in person. */
  agent?: { card: IdCard | null; relation: AgentRelation } | null;
}

/** Fact paths a rule may name with `var`, besides `form.<field>` and `checklist.<material>`. */
export const FACT_PATHS: Readonly<Record<keyof Facts, readonly string[]>> = {
  applicant: [
    'cardType',
    'source',
    'age',
    'birthDate',
    'sex',
    'registrationRegion',
    'nationality',
    'cardValid',
    'cardLongTerm',
    'validTo',
    'daysToExpiry',
    'checkDigitValid',
    'creditRestricted',
    'uscc',
  ],
  agent: ['present', 'relation', 'cardType', 'age', 'cardValid'],
  hall: ['regionCode', 'name'],
  time: ['date', 'hour', 'minute', 'weekday'],
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

export function cardTypeOf(kind: CardKind): ApplicantCardType {
  if (kind === 'resident') return 'resident';
  if (kind === 'hk-macao-taiwan') return 'hmt-permit';
  return 'foreign-permanent';
}

function cardFacts(card: IdCard, time: TimeFacts) {
  const validity = validityOn(card.validFrom, card.validTo, new Date(time.iso));
  return {
    cardType: cardTypeOf(card.kind),
    age: yearsBetween(card.birthDate, time.date),
    birthDate: card.birthDate,
    sex: card.sex === 'male' || card.sex === 'female' ? card.sex : null,
    nationality: card.kind === 'foreign-old' || card.kind === 'foreign-2023' ? card.nationality : null,
    cardValid: !validity.expired && !validity.notYetValid,
    cardLongTerm: card.validTo === 'long-term',
    validTo: card.validTo === 'long-term' ? null : card.validTo,
    daysToExpiry: Number.isFinite(validity.daysToExpiry) ? validity.daysToExpiry : null,
    checkDigitValid: card.checkDigitValid,
  };
}

/** Birth date inside a GB 11643 number (residents, HMT permits, 2023 foreigners' cards). */
function birthDateOf(idNumber: string): string | null {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return null;
  const date = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  return yearsBetween(date, date) === null ? null : date;
}

const NO_CARD = {
  sex: null,
  nationality: null,
  cardValid: true,
  cardLongTerm: false,
  validTo: null,
  daysToExpiry: null,
  checkDigitValid: null,
} as const;

function applicantFacts(input: ApplicantInput, time: TimeFacts, restricted: boolean): ApplicantFacts {
  const base = { creditRestricted: restricted };
  // Only a resident's registration is a 户籍: an HMT permit's address is where the person lives, and a
  // foreigner's card has none.
  const region = (cardType: ApplicantCardType, code: string | null) =>
    cardType === 'resident' || cardType === 'none' ? (isRegionCode(code) ? code : null) : null;
  switch (input.source) {
    case 'card': {
      const facts = cardFacts(input.card, time);
      return {
        ...facts,
        ...base,
        source: 'card',
        registrationRegion: region(facts.cardType, input.registrationRegion),
        uscc: null,
      };
    }
    case 'typed': {
      const idNumber = input.idNumber.toUpperCase();
      const birthDate = birthDateOf(idNumber);
      return {
        ...NO_CARD,
        ...base,
        cardType: input.cardType,
        source: 'typed',
        age: yearsBetween(birthDate, time.date),
        birthDate,
        registrationRegion: region(input.cardType, input.registrationRegion),
        checkDigitValid: /^\d{17}[\dX]$/.test(idNumber) ? isValidGb11643(idNumber) : null,
        uscc: null,
      };
    }
    case 'none':
      return {
        ...NO_CARD,
        ...base,
        cardType: 'none',
        source: 'none',
        age: yearsBetween(input.birthDate, time.date),
        birthDate: input.birthDate,
        registrationRegion: region('none', input.registrationRegion),
        uscc: null,
      };
    case 'company':
      return {
        ...NO_CARD,
        ...base,
        cardType: 'company',
        source: 'company',
        age: null,
        birthDate: null,
        registrationRegion: null,
        uscc: input.uscc.trim().toUpperCase(),
      };
  }
}

export function buildFacts({
  now,
  hall,
  applicant,
  creditRestricted = false,
  agent,
}: BuildFactsInput): Facts {
  const time = timeFacts(now);
  const agentCard = agent?.card ? cardFacts(agent.card, time) : null;
  return {
    applicant: applicantFacts(applicant, time, creditRestricted),
    agent: {
      present: agent != null,
      relation: agent?.relation ?? null,
      cardType: agentCard?.cardType ?? null,
      age: agentCard?.age ?? null,
      cardValid: agentCard?.cardValid ?? true,
    },
    hall: { regionCode: hall.regionCode, name: hall.name },
    time,
  };
}
