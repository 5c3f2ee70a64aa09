// Builds the 256-byte text block from plain card fields: the inverse of parseCardText. The emulator's
// deck is data run through this, and the round trip is what the parser's tests check against.
import {
  CARD_TYPE_MARKER_RANGE,
  CARD_TYPE_MARKERS,
  Foreign2023Layout,
  ForeignOldLayout,
  HkMacaoTaiwanLayout,
  ResidentLayout,
  TEXT_BLOCK_LENGTH,
} from './card.ts';
import { type CardFields } from '../../domain/identity/card.ts';
import { cardDateText } from '../../domain/identity/dates.ts';
import { sexCode } from '../../domain/identity/sex.ts';
import { encodeTextField } from './text.ts';

type Range = readonly [number, number];

/** Throws RangeError when a field does not fit its slot (a mistake in our own data, not device input). */
export function encodeCardText(fields: CardFields): Uint8Array {
  const block = new Uint8Array(TEXT_BLOCK_LENGTH);
  const put = ([start, end]: Range, text: string) => encodeTextField(block, start, end, text);
  put([0, TEXT_BLOCK_LENGTH], '');

  switch (fields.kind) {
    case 'resident': {
      const L = ResidentLayout;
      put(L.name, fields.name);
      put(L.sex, sexCode(fields.sex));
      put(L.nation, fields.nationCode);
      put(L.birthDate, cardDateText(fields.birthDate));
      put(L.address, fields.address);
      put(L.idNumber, fields.idNumber);
      put(L.issuer, fields.issuer);
      put(L.validFrom, cardDateText(fields.validFrom));
      put(L.validTo, cardDateText(fields.validTo));
      break;
    }
    case 'hk-macao-taiwan': {
      const L = HkMacaoTaiwanLayout;
      put(L.name, fields.name);
      put(L.sex, sexCode(fields.sex));
      put(L.birthDate, cardDateText(fields.birthDate));
      put(L.address, fields.address);
      put(L.idNumber, fields.idNumber);
      put(L.issuer, fields.issuer);
      put(L.validFrom, cardDateText(fields.validFrom));
      put(L.validTo, cardDateText(fields.validTo));
      put(L.passNumber, fields.passNumber);
      put(L.issueCount, String(fields.issueCount).padStart(2, '0'));
      break;
    }
    case 'foreign-old': {
      const L = ForeignOldLayout;
      put(L.englishName, fields.englishName);
      put(L.sex, sexCode(fields.sex));
      put(L.idNumber, fields.idNumber);
      put(L.nationality, fields.nationality);
      put(L.chineseName, fields.chineseName);
      put(L.validFrom, cardDateText(fields.validFrom));
      put(L.validTo, cardDateText(fields.validTo));
      put(L.birthDate, cardDateText(fields.birthDate));
      put(L.cardVersion, fields.cardVersion);
      put(L.issuerCode, fields.issuerCode);
      break;
    }
    case 'foreign-2023': {
      const L = Foreign2023Layout;
      const part1Capacity = (L.englishNamePart1[1] - L.englishNamePart1[0]) / 2;
      put(L.chineseName, fields.chineseName);
      put(L.sex, sexCode(fields.sex));
      put(L.renewalCount, String(fields.renewalCount).padStart(2, '0'));
      put(L.birthDate, cardDateText(fields.birthDate));
      put(L.englishNamePart1, fields.englishName.slice(0, part1Capacity));
      put(L.englishNamePart2, fields.englishName.slice(part1Capacity));
      put(L.idNumber, fields.idNumber);
      put(L.issuer, fields.issuer);
      put(L.validFrom, cardDateText(fields.validFrom));
      put(L.validTo, cardDateText(fields.validTo));
      put(L.nationality, fields.nationality);
      put(L.previousNumberLink, fields.previousNumberLink);
      break;
    }
  }
  put(CARD_TYPE_MARKER_RANGE, CARD_TYPE_MARKERS[fields.kind]);
  return block;
}
