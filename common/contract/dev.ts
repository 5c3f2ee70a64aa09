// The developer panel's emulator controls. Served only when hardware is emulated; a kiosk with
// real ports configured answers every dev: request with `forbidden`.
import { z } from 'zod';
import type { DevState } from '../dev.ts';
import { noArgs, request } from './define.ts';

const fault = z.string().min(1).max(64).nullable();
const dev = { storage: false } as const;

export const devContract = {
  'dev:getState': request<DevState>()(noArgs, dev),
  'dev:placeCard': request<DevState>()(z.object({ cardId: z.string().min(1).max(64) }).strict(), dev),
  'dev:removeCard': request<DevState>()(noArgs, dev),
  /** The reader misbehaves from now on (null: it behaves again). */
  'dev:setReaderFault': request<DevState>()(z.object({ fault }).strict(), dev),
  'dev:unplugReader': request<DevState>()(noArgs, dev),
  'dev:replugReader': request<DevState>()(noArgs, dev),
  'dev:setPrinterFault': request<DevState>()(z.object({ fault }).strict(), dev),
  'dev:unplugPrinter': request<DevState>()(noArgs, dev),
  'dev:replugPrinter': request<DevState>()(noArgs, dev),
  'dev:clearReceipts': request<DevState>()(noArgs, dev),
  'dev:printTestPage': request<DevState>()(noArgs, dev),
} as const;
