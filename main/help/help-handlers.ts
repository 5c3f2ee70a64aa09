// The help channels: one handler file for the help domain, registered in the composition root.
import type { Handlers } from '../host/dispatch.ts';
import type { HelpService } from './help-service.ts';

type HelpChannel = Extract<keyof Handlers, `help:${string}`>;

export function helpHandlers(help: HelpService): Pick<Handlers, HelpChannel> {
  return {
    'help:call': ({ screen }) => help.call(screen),
    'help:list': ({ token, role }) => help.list(token, role),
    'help:answer': ({ token, id }) => help.answer(token, id),
    'help:close': ({ token, id }) => help.close(token, id),
  };
}
