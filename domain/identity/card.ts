// The identity card model: the four card types the kiosk reads, the fields each carries, and what is
// derived from them. Pure data and rules, shared by the reader driver (hardware/), main/ and renderer/;
// the byte layouts and the parser are the codec's business and live in hardware/idcard.
import { type IsoDate, type ValidTo, type Validity, validityOn } from './dates.ts';
import type { Region } from './region.ts';
import type { Sex } from './sex.ts';

export type CardKind = 'resident' | 'hk-macao-taiwan' | 'foreign-old' | 'foreign-2023';

export const CARD_KIND_LABELS: Readonly<Record<CardKind, { zh: string; en: string }>> = {
  resident: { zh: '居民身份证', en: 'Resident identity card' },
  'hk-macao-taiwan': {
    zh: '港澳台居民居住证',
    en: 'Residence permit for Hong Kong, Macao and Taiwan residents',
  },
  'foreign-old': { zh: '外国人永久居留身份证（旧版）', en: "Foreigner's permanent residence ID card (old)" },
  'foreign-2023': {
    zh: '外国人永久居留身份证（2023版）',
    en: "Foreigner's permanent residence ID card (2023)",
  },
};

// Field sets the encoder takes and the parser gives back (the parsed card adds derived fields).
export interface ResidentCardFields {
  kind: 'resident';
  name: string;
  sex: Sex;
  nationCode: string;
  birthDate: IsoDate;
  address: string;
  idNumber: string;
  issuer: string;
  validFrom: IsoDate;
  validTo: ValidTo;
}

export interface HkMacaoTaiwanCardFields {
  kind: 'hk-macao-taiwan';
  name: string;
  sex: Sex;
  birthDate: IsoDate;
  address: string;
  idNumber: string;
  issuer: string;
  validFrom: IsoDate;
  validTo: ValidTo;
  /** Number of the Home Return Permit / Taiwan Compatriot Permit. */
  passNumber: string;
  issueCount: number;
}

export interface ForeignOldCardFields {
  kind: 'foreign-old';
  englishName: string;
  chineseName: string;
  sex: Sex;
  /** The 15-character permanent residence number. */
  idNumber: string;
  /** GB/T 2659 three-letter country code. */
  nationality: string;
  birthDate: IsoDate;
  validFrom: IsoDate;
  validTo: ValidTo;
  cardVersion: string;
  /** Code of the issuing authority (the old card carries a code, not a name). */
  issuerCode: string;
}

export interface Foreign2023CardFields {
  kind: 'foreign-2023';
  englishName: string;
  chineseName: string;
  sex: Sex;
  renewalCount: number;
  birthDate: IsoDate;
  idNumber: string;
  issuer: string;
  validFrom: IsoDate;
  validTo: ValidTo;
  nationality: string;
  /** Link to the holder's old-format number, as the card stores it. */
  previousNumberLink: string;
}

export type CardFields =
  ResidentCardFields | HkMacaoTaiwanCardFields | ForeignOldCardFields | Foreign2023CardFields;

interface Derived {
  /** Name to greet and prefill with: the Chinese name, or the English one when there is none. */
  displayName: string;
  /** The photo is encrypted WLT; only the licensed vendor library decodes it, so the kiosk never shows it. */
  photo: 'encrypted-wlt';
  /** null where the number has no check character rule (old foreigner's card). */
  checkDigitValid: boolean | null;
  /** The chip's latest appended address (the reader's "read latest address", 30 03): where the holder
   *  lives now when it differs from the printed `address`. null when the card has none, the reader could
   *  not say, or nothing was asked yet (parseCardText alone; the driver fills it in on each placement). */
  latestAddress: string | null;
  /** Region of household registration (or of acceptance, for foreigners) when the number gives one. */
  region?: Region;
}

export type ResidentIdCard = ResidentCardFields & Derived & { nation?: string };
export type HkMacaoTaiwanPermit = HkMacaoTaiwanCardFields & Derived;
export type ForeignPermanentResidentCardOld = ForeignOldCardFields & Derived;
export type ForeignPermanentResidentCard2023 = Foreign2023CardFields & Derived;
export type IdCard =
  ResidentIdCard | HkMacaoTaiwanPermit | ForeignPermanentResidentCardOld | ForeignPermanentResidentCard2023;

/** Expired / not yet valid / days left, by the calendar in China on `now`. */
export function cardValidity(card: Pick<IdCard, 'validFrom' | 'validTo'>, now: Date): Validity {
  return validityOn(card.validFrom, card.validTo, now);
}
