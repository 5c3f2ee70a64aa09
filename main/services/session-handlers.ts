// The session domain's requests: the person at the kiosk, their call for staff help, and the
// 好差评 rating that closes the case.
import type { SessionView } from '../../common/session.ts';
import { KioskError } from '../errors.ts';
import type { HandlerMap } from '../host/dispatch.ts';
import type { Logger } from '../log/logger.ts';
import { caseRefOf, type EvaluationService } from './evaluation.ts';
import type { EventBus } from './event-bus.ts';
import type { SessionService } from './session.ts';

type SessionChannel =
  | 'session:get'
  | 'session:touch'
  | 'session:end'
  | 'session:startWithoutCard'
  | 'session:finish'
  | 'help:call'
  | 'evaluation:submit';

export function sessionHandlers(deps: {
  session: SessionService;
  evaluations: EvaluationService;
  bus: EventBus;
  kioskId: string;
  logger: Logger;
}): HandlerMap<SessionChannel> {
  const { session, evaluations, bus, kioskId, logger } = deps;
  return {
    'session:get': () => session.current(),
    'session:touch': ({ elderly }) => session.touch({ elderly }),
    'session:end': ({ reason }) => session.end(reason),
    'session:startWithoutCard': () => session.beginWithoutCard(),
    /** Done: on to the rating, unless this case was rated already (then the session ends). */
    'session:finish': (): SessionView => {
      const view = session.current();
      const caseRef = caseRefOf(view);
      if (!caseRef || view.stage === 'no-card') return session.end('user');
      if (evaluations.hasRated(caseRef)) return session.end('user');
      return session.update({ stage: 'evaluation' });
    },
    'help:call': () => {
      if (!session.current().id)
        throw new KioskError('conflict', 'Nobody is at the kiosk.', 'help.noSession');
      const at = new Date().toISOString();
      logger.info('staff help requested', { session: session.current().id });
      bus.emit('help:called', { at, kioskId });
      return { calledAt: at };
    },
    'evaluation:submit': ({ rating, reasons }): SessionView => {
      const view = session.current();
      const caseRef = caseRefOf(view);
      if (!caseRef || view.stage === 'no-card')
        throw new KioskError('conflict', 'There is no session to rate.', 'evaluation.noSession');
      evaluations.submit({
        caseRef,
        itemCode: view.flow?.itemCode ?? null,
        outcome: view.flow?.result?.outcome ?? null,
        rating,
        reasons,
      });
      session.update({ rated: true });
      return session.end('user');
    },
  };
}
