// The technician's screen. Everything but the login, the logout and the self-test summary (shown
// in the attract screen's corner) runs in a maintenance session, checked by the dispatcher.
import { z } from 'zod';
import type {
  BundleResult,
  ByteLogView,
  DocumentStatusView,
  MaintActionResult,
  MaintLoginState,
  MaintOverview,
  MaintSessionView,
  PortOption,
  SelfTestReport,
  SelfTestSummary,
  StoreActionResult,
} from '../maintenance.ts';
import { guarded, noArgs, request, sessionToken } from './define.ts';

const deviceId = z.enum(['idcard', 'printer']);
const hexId = z.string().regex(/^[0-9a-fA-F]{4}$/);
const baudRate = z.union([
  z.literal(9600),
  z.literal(19200),
  z.literal(38400),
  z.literal(57600),
  z.literal(115200),
]);
const technician = { auth: 'maintenance', role: 'technician' } as const;

export const maintenanceContract = {
  'maint:login': request<MaintSessionView>()(
    z.object({ accountId: z.string().min(1).max(16), pin: z.string().min(1).max(12) }).strict(),
  ),
  'maint:logout': request<MaintLoginState>()(z.object({ token: sessionToken }).strict()),
  'maint:getOverview': guarded<MaintOverview>()({}, technician),
  'maint:readBytes': guarded<ByteLogView>()(
    { device: deviceId, after: z.number().int().min(0).optional() },
    { ...technician, storage: false },
  ),
  'maint:readSam': guarded<MaintActionResult>()({}, technician),
  'maint:testRead': guarded<MaintActionResult>()({}, technician),
  'maint:readPrinterStatus': guarded<MaintActionResult>()({}, technician),
  'maint:printTestPage': guarded<MaintActionResult>()({}, technician),
  'maint:reconnect': guarded<MaintActionResult>()({ device: deviceId }, technician),
  'maint:listPorts': guarded<PortOption[]>()({}, technician),
  'maint:configurePort': guarded<MaintActionResult>()(
    {
      device: deviceId,
      port: z.union([
        z.object({ path: z.string().min(1).max(200) }).strict(),
        z
          .object({
            usb: z
              .object({
                vendorId: hexId,
                productId: hexId,
                serialNumber: z.string().min(1).max(64).optional(),
              })
              .strict(),
          })
          .strict(),
      ]),
      baudRate,
    },
    technician,
  ),
  'maint:runSelfTest': guarded<SelfTestReport>()({}, technician),
  'maint:getSelfTestSummary': request<SelfTestSummary | null>()(noArgs),
  'maint:checkStore': guarded<StoreActionResult>()({}, technician),
  'maint:backupStore': guarded<StoreActionResult>()({}, technician),
  'maint:syncNow': guarded<MaintActionResult>()({}, technician),
  /** Each signed document kind: version, source (factory or central), when applied. */
  'maint:listDocuments': guarded<DocumentStatusView[]>()({}, technician),
  'maint:listUsbTargets': guarded<string[]>()({}, technician),
  'maint:exportBundle': guarded<BundleResult>()(
    {
      target: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('usb'), path: z.string().min(1).max(400) }).strict(),
        z.object({ kind: z.literal('central') }).strict(),
      ]),
    },
    technician,
  ),
} as const;
