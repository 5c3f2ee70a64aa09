// The person at the kiosk: their session, a call for staff help, and the 好差评 rating at the end.
import { z } from 'zod';
import { evaluationReasons } from '../hall.ts';
import type { SessionView } from '../session.ts';
import { noArgs, request } from './define.ts';

export const sessionContract = {
  'session:get': request<SessionView>()(noArgs, { storage: false }),
  /** Any tap or key: restarts the idle timer; `elderly` gives the person the longer time limit;
   *  `locale` is the language they chose on screen, which their paper is printed in. */
  'session:touch': request<SessionView>()(
    z.object({ elderly: z.boolean().optional(), locale: z.enum(['zh-CN', 'en']).optional() }).strict(),
    { storage: false },
  ),
  'session:end': request<SessionView>()(
    z.object({ reason: z.enum(['user', 'idle', 'card-removed', 'error']) }).strict(),
  ),
  /** "I have no card": a session without personal data, for calling staff. */
  'session:startWithoutCard': request<SessionView>()(noArgs),
  /** The person is done: on to the evaluation (or the end, when the case is rated already). */
  'session:finish': request<SessionView>()(noArgs),
  /** One rating per case; reasons are required for the two lowest levels. */
  'evaluation:submit': request<SessionView>()(
    z
      .object({
        rating: z.number().int().min(1).max(5),
        reasons: z.array(z.enum(evaluationReasons)).max(evaluationReasons.length),
      })
      .strict(),
  ),
} as const;
