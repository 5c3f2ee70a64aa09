// The session domain's requests: the person at the kiosk and the 好差评 rating that closes the case
// (a call for staff help is the help domain's: main/help/).
import type { SessionView } from '../../common/session.ts';
import { KioskError } from '../errors.ts';
import type { HandlerMap } from '../host/dispatch.ts';
import { caseRefOf, type EvaluationService } from './evaluation.ts';
import type { SessionService } from './session.ts';

type SessionChannel =
  | 'session:get'
  | 'session:touch'
  | 'session:end'
  | 'session:startWithoutCard'
  | 'session:finish'
  | 'evaluation:submit';

export function sessionHandlers(deps: {
  session: SessionService;
  evaluations: EvaluationService;
}): HandlerMap<SessionChannel> {
  const { session, evaluations } = deps;
  return {
    'session:get': () => session.current(),
    'session:touch': ({ elderly, locale }) => session.touch({ elderly, locale }),
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
