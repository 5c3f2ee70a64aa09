// The kiosk as a whole: what it is, and how its parts are.
import type { SystemInfo } from '../../common/contract.ts';
import type { HandlerMap } from '../host/dispatch.ts';
import type { HealthService } from './health.ts';

export function systemHandlers(deps: {
  info: () => SystemInfo;
  health: HealthService;
}): HandlerMap<'system:getInfo' | 'system:getHealth'> {
  return {
    'system:getInfo': () => deps.info(),
    'system:getHealth': () => deps.health.snapshot(),
  };
}
