// The staff desk. Everything after the login runs in a staff session (the dispatcher checks the
// token and the role before the handler runs): issuing at any lane, reprints, counts and the daily
// summary need the desk role; voiding a citizen's ticket needs a supervisor.
import { z } from 'zod';
import {
  laneIds,
  type ArchivedPaperView,
  type IssueOutcome,
  type PaperReprintResult,
  type LaneId,
  type PrintResultView,
  type QueueCountsView,
  type StaffDeskState,
  type StaffSessionView,
  type TicketView,
} from '../queue.ts';
import { guarded, noArgs, request } from './define.ts';
import { lineId } from './queue.ts';

const laneId = z.enum(laneIds as [LaneId, ...LaneId[]]);
const ticketId = z.number().int().positive();
const desk = { auth: 'staff', role: 'desk' } as const;

export const staffContract = {
  'staff:getDesk': request<StaffDeskState>()(noArgs),
  'staff:login': request<StaffSessionView>()(
    z.object({ staffId: z.string().min(1).max(16), pin: z.string().min(1).max(12) }).strict(),
  ),
  /** Ends the session (an ended or unknown token is not an error: the desk is logged out either way). */
  'staff:logout': request<StaffDeskState>()(z.object({ token: z.string().min(16).max(64) }).strict()),
  'staff:touch': guarded<StaffSessionView>()({}, { auth: 'staff' }),
  'staff:issue': guarded<{ result: IssueOutcome; print: PrintResultView | null }>()(
    {
      line: lineId,
      lane: laneId,
      /** Typed at the desk for a person without their card on the reader. */
      idNumber: z.string().min(15).max(20).optional(),
      useCard: z.boolean().optional(),
    },
    desk,
  ),
  'staff:reprint': guarded<PrintResultView>()({ ticketId }, desk),
  'staff:void': guarded<TicketView>()(
    { ticketId, reason: z.string().min(2).max(200) },
    { auth: 'staff', role: 'supervisor' },
  ),
  'staff:listTickets': guarded<TicketView[]>()({}, desk),
  'staff:getCounts': guarded<QueueCountsView>()({}, desk),
  'staff:printSummary': guarded<{ printed: boolean; failureKey?: string }>()({}, desk),
  /** The slips the citizen flow printed (notice, not-accepted notice, commitment, blank form) that
   *  the desk may reprint, newest first; nothing personal in the list. */
  'staff:listPapers': guarded<ArchivedPaperView[]>()({}, desk),
  /** A copy marked 补打 of one of them (limited per slip; recorded in the desk's audit). */
  'staff:reprintPaper': guarded<PaperReprintResult>()({ paperId: z.number().int().positive() }, desk),
} as const;
