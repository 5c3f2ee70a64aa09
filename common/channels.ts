// Channel names only — no schemas, no libraries — so the sandboxed preload stays a few lines.
// Requests are named `domain:verb`. contract.ts proves at compile time that every name here is
// declared there (schema, reply, policy) and nothing else is.

export const requestChannels = [
  'system:getInfo',
  'system:getHealth',
  'session:get',
  'session:touch',
  'session:end',
  'session:startWithoutCard',
  'session:finish',
  'help:call',
  'evaluation:submit',
  'hall:getStatus',
  'catalog:get',
  'catalog:search',
  'flow:chooseItem',
  'flow:startManual',
  'flow:setWhom',
  'flow:setApplicant',
  'flow:setAgentRole',
  'flow:declareRegistration',
  'flow:printBlankForm',
  'flow:declineCommitment',
  'flow:setField',
  'flow:goto',
  'flow:setMaterial',
  'flow:review',
  'flow:confirm',
  'queue:listLines',
  'queue:reprintOpen',
  'staff:getDesk',
  'staff:login',
  'staff:logout',
  'staff:touch',
  'staff:issue',
  'staff:reprint',
  'staff:void',
  'staff:listTickets',
  'staff:getCounts',
  'staff:printSummary',
  'dev:getState',
  'dev:placeCard',
  'dev:removeCard',
  'dev:setReaderFault',
  'dev:unplugReader',
  'dev:replugReader',
  'dev:setPrinterFault',
  'dev:unplugPrinter',
  'dev:replugPrinter',
  'dev:clearReceipts',
  'dev:printTestPage',
  'maint:login',
  'maint:logout',
  'maint:getOverview',
  'maint:readBytes',
  'maint:readSam',
  'maint:testRead',
  'maint:readPrinterStatus',
  'maint:printTestPage',
  'maint:reconnect',
  'maint:listPorts',
  'maint:configurePort',
  'maint:runSelfTest',
  'maint:getSelfTestSummary',
  'maint:checkStore',
  'maint:backupStore',
  'maint:syncNow',
  'maint:listDocuments',
  'maint:listUsbTargets',
  'maint:exportBundle',
] as const;
export const eventChannels = [
  'system:health',
  'session:changed',
  'idcard:read',
  'idcard:removed',
  'idcard:fault',
  'help:called',
  'dev:changed',
  'maint:selfTest',
] as const;

export type RequestChannel = (typeof requestChannels)[number];
export type EventChannel = (typeof eventChannels)[number];

/** Electron IPC channel names for events (requests use the channel name itself). */
export const ipcEventPrefix = 'event:';

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && (requestChannels as readonly string[]).includes(value);
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && (eventChannels as readonly string[]).includes(value);
}
