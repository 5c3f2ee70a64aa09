// Channel names only — no schemas, no libraries — so the sandboxed preload stays a few lines.
// contract.ts proves at compile time that every name here has a schema and a reply type.

export const requestChannels = [
  'system:info',
  'system:health',
  'session:get',
  'session:touch',
  'session:end',
  'session:noCard',
  'session:finish',
  'help:call',
  'help:list',
  'help:answer',
  'help:close',
  'hall:status',
  'evaluation:submit',
  'catalog:get',
  'catalog:search',
  'flow:chooseItem',
  'flow:manualStart',
  'flow:setAgent',
  'flow:setField',
  'flow:goto',
  'flow:setMaterial',
  'flow:review',
  'flow:confirm',
  'queue:lines',
  'queue:reprintOpen',
  'staff:desk',
  'staff:login',
  'staff:logout',
  'staff:touch',
  'staff:issue',
  'staff:reprint',
  'staff:void',
  'staff:tickets',
  'staff:counts',
  'staff:summary',
  'dev:state',
  'dev:idcard',
  'dev:printer',
  'maint:login',
  'maint:logout',
  'maint:overview',
  'maint:bytes',
  'maint:idcard',
  'maint:printer',
  'maint:reconnect',
  'maint:ports',
  'maint:configurePort',
  'maint:selfTest',
  'maint:summary',
  'maint:store',
  'maint:syncNow',
  'maint:usbTargets',
  'maint:bundle',
] as const;
export const eventChannels = [
  'system:health',
  'session:changed',
  'idcard:read',
  'idcard:removed',
  'idcard:fault',
  'help:called',
  'help:changed',
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
