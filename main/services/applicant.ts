// Who the case is for, kept apart from who stands at the kiosk. Every rule judges the APPLICANT:
// their card (or typed number, or a company's credit code), their 户籍, their credit standing. An
// agent's card is recorded as the agent's and only ever proves the agent's own identity material.
import {
  declaredRegistration,
  registrationOfCard,
  type Registration,
} from '../../domain/identity/registration.ts';
import type { IdCard } from '../../domain/identity/index.ts';
import { yearsBetween } from '../prereview/rules.ts';
import { chinaCalendarDate } from '../../domain/identity/dates.ts';

/** The applicant: a person (their card read, or their name and number typed — the window checks
 *  the document), or a company identified by its unified social credit code (no card of its own). */
export type Applicant =
  | {
      kind: 'person';
      card: IdCard;
      /** card: read on the reader; typed: name and number typed (a child without a card, or an
       *  item that allows it), checked at the window. */
      identity: 'card' | 'typed';
    }
  | { kind: 'company'; name: string; creditCode: string };

/** entrusted: by a power of attorney; guardian: a parent or guardian of a minor, a statutory agent
 *  (民法典 arts. 23, 27) who shows the household register or birth certificate instead;
 *  representative: the legal representative acting for a company (民法典 art. 61). */
export type AgentRole = 'entrusted' | 'guardian' | 'representative';

export interface Party {
  sessionId: string;
  /** The first question after the card: for myself, or for someone else. */
  whom: 'self' | 'other' | null;
  /** For someone else: the card read first, recorded as the agent's. */
  agentCard: IdCard | null;
  agentRole: AgentRole;
  applicant: Applicant | null;
  /** The GB/T 2260 code the citizen chose when the address could not be matched to a district. */
  declared: string | null;
}

/** Whole years of a person applicant on `now` (China calendar); null for a company. */
export function applicantAge(applicant: Applicant | null, now: Date): number | null {
  if (!applicant || applicant.kind !== 'person') return null;
  return yearsBetween(applicant.card.birthDate, chinaCalendarDate(now));
}

/** 户籍 of the applicant: from their resident card's address (the chip's latest address first), or
 *  what they declared on screen when it could not be matched. Never from the ID number. */
export function applicantRegistration(party: Party, hallRegionCode: string): Registration | null {
  const applicant = party.applicant;
  if (!applicant || applicant.kind !== 'person') return null;
  const fromCard = applicant.identity === 'card' ? registrationOfCard(applicant.card) : null;
  if (fromCard && fromCard.matchedLevel === 'district') return fromCard;
  if (party.declared) return declaredRegistration(party.declared, hallRegionCode);
  return fromCard;
}

/** A registration question is put to a resident applicant whose address did not name a district
 *  (or who typed their number: there is no address to read). Permits and foreign cards carry no
 *  户籍 at all, so nothing is asked of them. */
export function registrationUnknown(party: Party): boolean {
  const applicant = party.applicant;
  if (!applicant || applicant.kind !== 'person' || applicant.card.kind !== 'resident') return false;
  if (party.declared) return false;
  if (applicant.identity === 'typed') return true;
  const fromCard = registrationOfCard(applicant.card);
  return !fromCard || fromCard.matchedLevel !== 'district';
}

/** The key under which the applicant is looked up in the credit restrictions list: the ID number of
 *  a person, the credit code of a company. Never the agent's. */
export function creditSubject(applicant: Applicant): { kind: 'person' | 'company'; id: string } {
  return applicant.kind === 'person'
    ? { kind: 'person', id: applicant.card.idNumber }
    : { kind: 'company', id: applicant.creditCode };
}
