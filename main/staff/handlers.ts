// The staff desk's requests. The session and the role (desk, or supervisor for voids) are checked
// by the dispatcher as contract/staff.ts declares; the handlers act for the principal it found.
import type { RequestChannel } from '../../common/contract.ts';
import type { HandlerMap } from '../host/dispatch.ts';
import { noKioskMark } from '../queue/handlers.ts';
import type { StaffService } from './staff-service.ts';

type StaffChannel = Extract<RequestChannel, `staff:${string}`>;

export function staffHandlers(deps: { staff: StaffService | null }): HandlerMap<StaffChannel> {
  const needStaff = (): StaffService => {
    if (!deps.staff) throw noKioskMark();
    return deps.staff;
  };
  return {
    'staff:getDesk': () => needStaff().deskState(),
    'staff:login': ({ staffId, pin }) => needStaff().login(staffId, pin),
    'staff:logout': ({ token }) => {
      needStaff().logout(token);
      return needStaff().deskState();
    },
    'staff:touch': (_args, { principal }) => needStaff().touch(principal.token),
    'staff:issue': ({ line, lane, idNumber, useCard }, { principal }) =>
      needStaff().issue(principal.token, {
        line,
        lane,
        ...(idNumber ? { idNumber } : {}),
        ...(useCard ? { useCard } : {}),
      }),
    'staff:reprint': ({ ticketId }, { principal }) => needStaff().reprint(principal.token, ticketId),
    'staff:void': ({ ticketId, reason }, { principal }) =>
      needStaff().voidTicket(principal.token, ticketId, reason),
    'staff:listTickets': (_args, { principal }) => needStaff().tickets(principal.token),
    'staff:getCounts': (_args, { principal }) => needStaff().counts(principal.token),
    'staff:printSummary': (_args, { principal }) => needStaff().printDailySummary(principal.token),
  };
}
