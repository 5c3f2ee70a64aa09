// Help that reaches a person: the citizen's call, and the desk that sees, answers and closes it.
import { z } from 'zod';
import { helpScreens, type HelpCallReply, type HelpCallView } from '../help.ts';
import { guarded, request, sessionToken } from './define.ts';

const callId = z.string().min(1).max(64);
const desk = { auth: 'staff', role: 'desk' } as const;

export const helpContract = {
  /** The person asks for staff; `screen` is where they are (for the desk; no personal data). */
  'help:call': request<HelpCallReply>()(z.object({ screen: z.enum(helpScreens) }).strict()),
  /** The open and recent calls, for a signed-in desk. A desk that asks is counted as listening:
   *  calls reach a person only while one does. The token is checked by the help service WITHOUT
   *  restarting the desk's idle clock (a desk that only listens must still log out when left), so
   *  this channel is not `guarded` by the dispatcher's authenticator. */
  'help:list': request<HelpCallView[]>()(z.object({ token: sessionToken }).strict(), { storage: false }),
  /** The same calls on the technician's screen (it sees them; only a desk answers them). */
  'help:observe': guarded<HelpCallView[]>()({}, { auth: 'maintenance', storage: false }),
  'help:answer': guarded<HelpCallView>()({ id: callId }, desk),
  'help:close': guarded<HelpCallView>()({ id: callId }, desk),
} as const;
