// What the citizen screens show of the hall: opening hours per line, holidays, notices.
import type { HallStatusView } from '../hall.ts';
import { noArgs, request } from './define.ts';

export const hallContract = {
  'hall:getStatus': request<HallStatusView>()(noArgs),
} as const;
