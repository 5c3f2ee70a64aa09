// Public surface of the ID card reader module: codec, protocol, driver. The card model and the identity
// rules (GB 11643, GB/T 2260, dates, masking) are in domain/identity.
export * from './card.ts';
export { encodeCardText } from './card-encoder.ts';
export * from './faults.ts';
export { FrameDecoder, type DecodeEvent, type FrameError, type FrameErrorCode } from './frame-decoder.ts';
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
