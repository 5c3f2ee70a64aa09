// The developer panel's requests: one verb each on the emulated reader and printer.
import type { RequestChannel } from '../../common/contract.ts';
import type { HandlerMap } from '../host/dispatch.ts';
import type { DevPanelService } from './dev-panel.ts';

type DevChannel = Extract<RequestChannel, `dev:${string}`>;

export function devHandlers(dev: DevPanelService): HandlerMap<DevChannel> {
  return {
    'dev:getState': () => dev.state(),
    'dev:placeCard': ({ cardId }) => dev.idcard({ action: 'place', cardId }),
    'dev:removeCard': () => dev.idcard({ action: 'remove' }),
    'dev:setReaderFault': ({ fault }) => dev.idcard({ action: 'fault', fault }),
    'dev:unplugReader': () => dev.idcard({ action: 'unplug' }),
    'dev:replugReader': () => dev.idcard({ action: 'replug' }),
    'dev:setPrinterFault': ({ fault }) => dev.printerAction({ action: 'fault', fault }),
    'dev:unplugPrinter': () => dev.printerAction({ action: 'unplug' }),
    'dev:replugPrinter': () => dev.printerAction({ action: 'replug' }),
    'dev:clearReceipts': () => dev.printerAction({ action: 'clear' }),
    'dev:printTestPage': () => dev.printerAction({ action: 'test-page' }),
  };
}
