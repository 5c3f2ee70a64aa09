// The staff desk's requests. The session and the role (desk, or supervisor for voids) are checked
// by the dispatcher as contract/staff.ts declares; the handlers act for the principal it found.
import type { RequestChannel } from '../../common/contract.ts';
import type { StaffSessionView } from '../../common/queue.ts';
import type { PinAuthenticator, SessionView } from '../auth/pin-authenticator.ts';
import type { HandlerMap } from '../host/dispatch.ts';
import { noKioskMark } from '../queue/handlers.ts';
import type { StaffService } from './staff-service.ts';

type StaffChannel = Extract<RequestChannel, `staff:${string}`>;

const view = (session: SessionView): StaffSessionView => ({
  token: session.token,
  staffId: session.accountId,
  expiresAt: session.expiresAt,
});

export function staffHandlers(deps: {
  staff: StaffService | null;
  auth: PinAuthenticator;
}): HandlerMap<StaffChannel> {
  const { auth } = deps;
  const needStaff = (): StaffService => {
    if (!deps.staff) throw noKioskMark();
    return deps.staff;
  };
  return {
    'staff:getDesk': () => auth.state(),
    'staff:login': async ({ staffId, pin }) => {
      needStaff();
      return view(await auth.login(staffId, pin));
    },
    'staff:logout': ({ token }) => auth.logout(token),
    'staff:touch': (_args, { principal }) => view(auth.touch(principal.token)),
    'staff:issue': ({ line, lane, idNumber, useCard }, { principal }) =>
      needStaff().issue(principal.id, {
        line,
        lane,
        ...(idNumber ? { idNumber } : {}),
        ...(useCard ? { useCard } : {}),
      }),
    'staff:reprint': ({ ticketId }, { principal }) => needStaff().reprint(principal.id, ticketId),
    'staff:void': ({ ticketId, reason }, { principal }) =>
      needStaff().voidTicket(principal.id, ticketId, reason),
    'staff:listTickets': () => needStaff().tickets(),
    'staff:getCounts': () => needStaff().counts(),
    'staff:printSummary': (_args, { principal }) => needStaff().printDailySummary(principal.id),
    'staff:listPapers': () => needStaff().papers(),
    'staff:reprintPaper': ({ paperId }, { principal }) => needStaff().reprintPaper(principal.id, paperId),
  };
}
