// The 256-byte text block of the four card types, parsed into the domain's card model (domain/identity).
// Layouts: shared/reference/idcard-protocol.md. Parsing never throws on card bytes.
import type { CardKind, IdCard } from '../../domain/identity/card.ts';
import { type IsoDate, type ValidTo, parseCardDate, parseValidTo } from '../../domain/identity/dates.ts';
import { isValidGb11643 } from '../../domain/identity/id-number.ts';
import { nationName } from '../../domain/identity/nation.ts';
import { lookupRegion } from '../../domain/identity/region.ts';
import { type Sex, sexFromCode } from '../../domain/identity/sex.ts';
import { decodeRawTextField, decodeTextField, hasReplacementCharacter, trimPadding } from './text.ts';

export const TEXT_BLOCK_LENGTH = 256;
export const PHOTO_LENGTH = 1024;

/** Byte ranges [start, end) in the text block, named after the reference's tables. */
export const ResidentLayout = {
  name: [0, 30],
  sex: [30, 32],
  nation: [32, 36],
  birthDate: [36, 52],
  address: [52, 122],
  idNumber: [122, 158],
  issuer: [158, 188],
  validFrom: [188, 204],
  validTo: [204, 220],
} as const;

export const HkMacaoTaiwanLayout = {
  ...ResidentLayout,
  passNumber: [220, 238],
  issueCount: [238, 242],
} as const;

export const ForeignOldLayout = {
  englishName: [0, 120],
  sex: [120, 122],
  idNumber: [122, 152],
  nationality: [152, 158],
  chineseName: [158, 188],
  validFrom: [188, 204],
  validTo: [204, 220],
  birthDate: [220, 236],
  cardVersion: [236, 240],
  issuerCode: [240, 248],
} as const;

export const Foreign2023Layout = {
  chineseName: [0, 30],
  sex: [30, 32],
  renewalCount: [32, 36],
  birthDate: [36, 52],
  englishNamePart1: [52, 122],
  idNumber: [122, 158],
  issuer: [158, 188],
  validFrom: [188, 204],
  validTo: [204, 220],
  englishNamePart2: [220, 242],
  nationality: [242, 248],
  previousNumberLink: [250, 256],
} as const;

export const CARD_TYPE_MARKER_RANGE = [248, 250] as const;

export const CARD_TYPE_MARKERS: Readonly<Record<CardKind, string>> = {
  resident: ' ',
  'hk-macao-taiwan': 'J',
  'foreign-old': 'I',
  'foreign-2023': 'Y',
};

export type CardParseErrorCode = 'bad-length' | 'unknown-card-type' | 'invalid-field';

export interface CardParseError {
  code: CardParseErrorCode;
  /** Plain English, free of personal data: safe to log. */
  message: string;
  field?: string;
}

export type CardParseResult = { ok: true; card: IdCard } | { ok: false; error: CardParseError };

type Range = readonly [number, number];

class FieldReader {
  constructor(readonly block: Uint8Array) {}
  failure: CardParseError | undefined;

  text(field: string, [start, end]: Range, required = true): string {
    const value = decodeTextField(this.block, start, end);
    if (this.failure === undefined && hasReplacementCharacter(value)) {
      this.failure = { code: 'invalid-field', field, message: `field ${field} is not valid UTF-16` };
    } else if (this.failure === undefined && required && value === '') {
      this.failure = { code: 'invalid-field', field, message: `field ${field} is empty` };
    }
    return value;
  }

  date(field: string, range: Range): IsoDate {
    const date = parseCardDate(this.text(field, range));
    if (date === undefined) this.fail(field, 'is not a calendar date (YYYYMMDD)');
    return date ?? '';
  }

  validTo(field: string, range: Range): ValidTo {
    const date = parseValidTo(this.text(field, range));
    if (date === undefined) this.fail(field, 'is neither a date (YYYYMMDD) nor 长期');
    return date ?? '';
  }

  sex(field: string, range: Range): Sex {
    const sex = sexFromCode(this.text(field, range));
    if (sex === undefined) this.fail(field, 'is not a sex code (0, 1, 2, 9)');
    return sex ?? 'unknown';
  }

  count(field: string, range: Range): number {
    const text = this.text(field, range, false);
    if (text === '') return 0;
    if (!/^\d+$/.test(text)) this.fail(field, 'is not a number');
    return Number.parseInt(text, 10) || 0;
  }

  matching(field: string, range: Range, pattern: RegExp, description: string): string {
    const value = this.text(field, range);
    if (!pattern.test(value)) this.fail(field, description);
    return value;
  }

  fail(field: string, what: string): void {
    this.failure ??= { code: 'invalid-field', field, message: `field ${field} ${what}` };
  }
}

const ID_NUMBER_PATTERN = /^\d{17}[\dX]$/;

export function cardKindFromMarker(marker: string): CardKind | undefined {
  const entry = (Object.entries(CARD_TYPE_MARKERS) as [CardKind, string][]).find(([, m]) => m === marker);
  return entry?.[0];
}

export function parseCardText(block: Uint8Array): CardParseResult {
  if (block.length !== TEXT_BLOCK_LENGTH) {
    return {
      ok: false,
      error: {
        code: 'bad-length',
        message: `text block of ${block.length} bytes, expected ${TEXT_BLOCK_LENGTH}`,
      },
    };
  }
  const markerRaw = decodeRawTextField(block, ...CARD_TYPE_MARKER_RANGE);
  // A NUL marker is treated as a space: some readers leave the reserved area zeroed on resident cards.
  const kind = cardKindFromMarker(markerRaw === '\u0000' ? ' ' : markerRaw);
  if (kind === undefined) {
    const code = markerRaw.charCodeAt(0).toString(16).padStart(4, '0');
    return { ok: false, error: { code: 'unknown-card-type', message: `unknown card type marker U+${code}` } };
  }
  const read = new FieldReader(block);
  const card = PARSERS[kind](read);
  return read.failure ? { ok: false, error: read.failure } : { ok: true, card };
}

const PARSERS: { [K in CardKind]: (read: FieldReader) => IdCard } = {
  resident(read) {
    const L = ResidentLayout;
    const nationCode = read.matching('nation', L.nation, /^\d{2}$/, 'is not a two-digit nation code');
    const idNumber = read.matching(
      'idNumber',
      L.idNumber,
      ID_NUMBER_PATTERN,
      'is not 17 digits and a check character',
    );
    const name = read.text('name', L.name);
    const nation = nationName(nationCode);
    const region = lookupRegion(idNumber.slice(0, 6));
    return {
      kind: 'resident',
      name,
      sex: read.sex('sex', L.sex),
      nationCode,
      ...(nation !== undefined && { nation }),
      birthDate: read.date('birthDate', L.birthDate),
      address: read.text('address', L.address),
      idNumber,
      issuer: read.text('issuer', L.issuer),
      validFrom: read.date('validFrom', L.validFrom),
      validTo: read.validTo('validTo', L.validTo),
      displayName: name,
      photo: 'encrypted-wlt',
      latestAddress: null,
      checkDigitValid: isValidGb11643(idNumber),
      ...(region && { region }),
    };
  },

  'hk-macao-taiwan'(read) {
    const L = HkMacaoTaiwanLayout;
    const idNumber = read.matching(
      'idNumber',
      L.idNumber,
      ID_NUMBER_PATTERN,
      'is not 17 digits and a check character',
    );
    const name = read.text('name', L.name);
    const region = lookupRegion(idNumber.slice(0, 6));
    return {
      kind: 'hk-macao-taiwan',
      name,
      sex: read.sex('sex', L.sex),
      birthDate: read.date('birthDate', L.birthDate),
      address: read.text('address', L.address),
      idNumber,
      issuer: read.text('issuer', L.issuer),
      validFrom: read.date('validFrom', L.validFrom),
      validTo: read.validTo('validTo', L.validTo),
      passNumber: read.text('passNumber', L.passNumber),
      issueCount: read.count('issueCount', L.issueCount),
      displayName: name,
      photo: 'encrypted-wlt',
      latestAddress: null,
      checkDigitValid: isValidGb11643(idNumber),
      ...(region && { region }),
    };
  },

  'foreign-old'(read) {
    const L = ForeignOldLayout;
    const englishName = read.text('englishName', L.englishName);
    const chineseName = read.text('chineseName', L.chineseName, false);
    return {
      kind: 'foreign-old',
      englishName,
      chineseName,
      sex: read.sex('sex', L.sex),
      idNumber: read.matching('idNumber', L.idNumber, /^[A-Z]{3}\d{12}$/, 'is not 3 letters and 12 digits'),
      nationality: read.matching(
        'nationality',
        L.nationality,
        /^[A-Z]{3}$/,
        'is not a 3-letter country code',
      ),
      birthDate: read.date('birthDate', L.birthDate),
      validFrom: read.date('validFrom', L.validFrom),
      validTo: read.validTo('validTo', L.validTo),
      cardVersion: read.text('cardVersion', L.cardVersion, false),
      issuerCode: read.text('issuerCode', L.issuerCode, false),
      displayName: chineseName || englishName,
      photo: 'encrypted-wlt',
      latestAddress: null,
      checkDigitValid: null,
    };
  },

  'foreign-2023'(read) {
    const L = Foreign2023Layout;
    // The English name runs on from part 1 into part 2, so the parts are joined before trimming.
    const englishName = trimPadding(
      decodeRawTextField(read.block, ...L.englishNamePart1) +
        decodeRawTextField(read.block, ...L.englishNamePart2),
    );
    if (englishName === '') read.fail('englishName', 'is empty');
    if (hasReplacementCharacter(englishName)) read.fail('englishName', 'is not valid UTF-16');
    const chineseName = read.text('chineseName', L.chineseName, false);
    const idNumber = read.matching(
      'idNumber',
      L.idNumber,
      /^9\d{16}[\dX]$/,
      'is not 9, 16 digits and a check character',
    );
    // Digits 2–3 name the province of acceptance.
    const province = lookupRegion(`${idNumber.slice(1, 3)}0000`);
    return {
      kind: 'foreign-2023',
      englishName,
      chineseName,
      sex: read.sex('sex', L.sex),
      renewalCount: read.count('renewalCount', L.renewalCount),
      birthDate: read.date('birthDate', L.birthDate),
      idNumber,
      issuer: read.text('issuer', L.issuer, false),
      validFrom: read.date('validFrom', L.validFrom),
      validTo: read.validTo('validTo', L.validTo),
      nationality: read.matching(
        'nationality',
        L.nationality,
        /^[A-Z]{3}$/,
        'is not a 3-letter country code',
      ),
      previousNumberLink: read.text('previousNumberLink', L.previousNumberLink, false),
      displayName: chineseName || englishName,
      photo: 'encrypted-wlt',
      latestAddress: null,
      checkDigitValid: isValidGb11643(idNumber),
      ...(province && { region: province }),
    };
  },
};
