// Made-up queue slips (the names and numbers belong to nobody), read back both from the layout
// (test/unit/queue/slips/*.test.ts) and from paper over a pseudo-terminal
// (test/integration/printer/templates.test.ts): one sample each, so the two speak of the same slip.
import type { DailySummaryData } from '../../../../main/queue/slips/daily-summary.ts';
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

/** Two lines, one of them with night vouchers (one voided), and tickets issued offline. */
export const SAMPLE_DAILY_SUMMARY: DailySummaryData = {
  date: '2024-05-06',
  hall: '某某区政务服务中心',
  kioskId: 'K-03',
  printedAt: new Date('2024-05-06T10:00:00Z'),
  lines: [
    {
      prefix: 'A',
      lineName: '社会保障业务',
      issued: 34,
      served: 30,
      waiting: 3,
      voided: 1,
      vouchers: 4,
      vouchersVoided: 1,
    },
    {
      prefix: 'B',
      lineName: '不动产登记及交易一窗受理业务',
      issued: 120,
      served: 101,
      waiting: 17,
      voided: 2,
    },
  ],
  noticeSlips: 12,
  commitmentSlips: 3,
  issuedOffline: 5,
};
