// The technician's requests. The session and the technician role are checked by the dispatcher
// (contract/maintenance.ts declares them), so these handlers only do the work.
import type { RequestChannel } from '../../common/contract.ts';
import type { DocumentStatusView } from '../../common/maintenance.ts';
import type { HandlerMap } from '../host/dispatch.ts';
import { usbTargets } from './bundle.ts';
import type { MaintenanceService } from './maintenance-service.ts';

type MaintChannel = Extract<RequestChannel, `maint:${string}`>;

export function maintenanceHandlers(
  maintenance: MaintenanceService,
  deps: { documents: () => DocumentStatusView[] },
): HandlerMap<MaintChannel> {
  const auth = maintenance.auth;
  return {
    'maint:login': async ({ accountId, pin }) => {
      const session = await auth.login(accountId, pin);
      return { token: session.token, accountId: session.accountId, expiresAt: session.expiresAt };
    },
    'maint:logout': ({ token }) => auth.logout(token),
    'maint:getOverview': () => maintenance.overview(),
    'maint:readBytes': ({ device, after }) => maintenance.bytes(device, after),
    'maint:readSam': () => maintenance.readerAction('sam-status'),
    'maint:testRead': () => maintenance.readerAction('test-read'),
    'maint:readPrinterStatus': () => maintenance.printerAction('status'),
    'maint:printTestPage': () => maintenance.printerAction('test-page'),
    'maint:reconnect': ({ device }) => maintenance.reconnect(device),
    'maint:listPorts': () => maintenance.ports(),
    'maint:configurePort': ({ device, port, baudRate }) => maintenance.configurePort(device, port, baudRate),
    'maint:runSelfTest': () => maintenance.selfTest('demand'),
    'maint:getSelfTestSummary': () => maintenance.summary(),
    'maint:checkStore': () => maintenance.storeAction('check'),
    'maint:backupStore': () => maintenance.storeAction('backup'),
    'maint:syncNow': () => maintenance.syncNow(),
    'maint:listDocuments': () => deps.documents(),
    'maint:listUsbTargets': () => usbTargets(),
    'maint:exportBundle': ({ target }) => maintenance.bundle(target),
  };
}
