// The citizen's side of the queue: the lines and their waits, and a copy of one's own open ticket.
import { z } from 'zod';
import type { LineView, PrintResultView } from '../queue.ts';
import { noArgs, request } from './define.ts';

export const lineId = z.string().regex(/^[A-Z]$/);

export const queueContract = {
  'queue:listLines': request<LineView[]>()(noArgs),
  /** The person whose card is on the reader asks for a copy of their open ticket in this line. */
  'queue:reprintOpen': request<PrintResultView>()(z.object({ line: lineId }).strict()),
} as const;
