// Identity domain: the rules about people's identity documents that the reader driver, main/ and the
// renderer share. Pure (no Node, DOM or Electron), so every layer may import it.
export * from './card.ts';
export {
  LONG_TERM_MARKER,
  cardDateText,
  chinaCalendarDate,
  parseCardDate,
  parseValidTo,
  validityOn,
  type IsoDate,
  type ValidTo,
  type Validity,
} from './dates.ts';
export { gb11643CheckCharacter, isValidGb11643, withGb11643CheckCharacter } from './id-number.ts';
export { ensureMasked, maskIdNumber } from './mask.ts';
export { NATIONS, nationName } from './nation.ts';
export { GB2260_EDITION, lookupRegion, regionLabel, type Region, type RegionLevel } from './region.ts';
export { type Sex, sexCode, sexFromCode } from './sex.ts';
