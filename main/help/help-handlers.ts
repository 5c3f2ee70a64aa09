// The help domain's requests. Answering and closing need a desk session with the desk role, and
// watching needs a technician's session: the dispatcher checks both as contract/help.ts declares.
// Listing for the desk checks its token here, without restarting the desk's idle clock.
import type { RequestChannel } from '../../common/contract.ts';
import type { HandlerMap } from '../host/dispatch.ts';
import type { HelpService } from './help-service.ts';

type HelpChannel = Extract<RequestChannel, `help:${string}`>;

export function helpHandlers(help: HelpService): HandlerMap<HelpChannel> {
  return {
    'help:call': ({ screen }) => help.call(screen),
    'help:list': ({ token }) => help.list(token),
    'help:observe': () => help.recent(),
    'help:answer': ({ id }, { principal }) => help.answer(principal.id, id),
    'help:close': ({ id }, { principal }) => help.close(principal.id, id),
  };
}
