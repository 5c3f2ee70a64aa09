// Public surface of the ID card module: what main/ and tools import.
export * from './card.ts';
export { encodeCardText } from './card-encoder.ts';
export { cardDateText, chinaCalendarDate, type IsoDate, type ValidTo, type Validity } from './dates.ts';
export * from './faults.ts';
export { FrameDecoder, type DecodeEvent, type FrameError, type FrameErrorCode } from './frame-decoder.ts';
export { gb11643CheckCharacter, isValidGb11643 } from './id-number.ts';
export { maskIdNumber } from './mask.ts';
export { NATIONS, nationName } from './nation.ts';
export * from './protocol.ts';
export {
  parseReadData,
  encodeReadData,
  parseLatestAddress,
  LATEST_ADDRESS_MAX_BYTES,
  type CardReadData,
} from './read-reply.ts';
export {
  IdCardReader,
  faultForSw3,
  type CardRemoval,
  ReaderCommandError,
  type CardTiming,
  type IdCardReaderOptions,
  type ReaderStatus,
  type SamStatusResult,
  type TestReadResult,
} from './reader.ts';
export { GB2260_EDITION, lookupRegion, regionLabel, type Region, type RegionLevel } from './region.ts';
export { type Sex, sexFromCode } from './sex.ts';
