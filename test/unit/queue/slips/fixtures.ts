// A made-up queue ticket (the names and numbers belong to nobody), read back both from the layout
// (test/unit/queue/slips/ticket.test.ts) and from paper over a pseudo-terminal
// (test/integration/printer/templates.test.ts): one sample, so the two speak of the same slip.
import type { TicketData } from '../../../../main/queue/slips/ticket.ts';

export const SAMPLE_TICKET: TicketData = {
  number: 'A012',
  lineName: '社会保障业务',
  priorityLabel: '绿色通道',
  peopleAhead: 3,
  estimatedWaitMinutes: 15,
  issuedAt: new Date('2024-05-06T01:31:00Z'),
  hallName: '某某区政务服务中心',
  hallPhone: '010-12345678',
  reference: 'PR-20240506-0001',
  kioskId: 'K-03',
};
