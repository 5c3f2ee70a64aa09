import type { IssueOutcome, PrintResultView } from '../../../common/queue.ts';
import type { Translate } from '../i18n/index.tsx';

export interface DeskMessage {
  text: string;
  tone: 'ok' | 'error';
}

type TranslateKey = (key: string, params?: Record<string, string | number>) => string;

/** What the desk says after issuing: the number, and whether its paper came out. */
export function outcomeMessage(
  result: IssueOutcome,
  print: PrintResultView | null,
  t: Translate,
  tk: TranslateKey,
): DeskMessage {
  switch (result.outcome) {
    case 'issued':
    case 'voucher': {
      const number = result.ticket.number;
      if (print && !print.printed) return notPrinted(number, print, t, tk);
      return {
        text: t(result.outcome === 'issued' ? 'staff.issued' : 'staff.voucherIssued', { number }),
        tone: 'ok',
      };
    }
    case 'already-open':
      return { text: t('queue.alreadyOpenNumber', { number: result.ticket.number }), tone: 'error' };
    case 'sold-out':
      return {
        text: result.comeBackAt
          ? t('queue.soldOutComeBack', { day: result.comeBackAt.day, time: result.comeBackAt.from })
          : t('queue.soldOut'),
        tone: 'error',
      };
  }
}

/** A reprint: done, or registered but not printed (and why). */
export function printMessage(
  number: string,
  print: PrintResultView | null,
  key: 'staff.issued' | 'staff.reprinted',
  t: Translate,
  tk: TranslateKey,
): DeskMessage {
  if (print && !print.printed) return notPrinted(number, print, t, tk);
  return { text: t(key, { number }), tone: 'ok' };
}

function notPrinted(number: string, print: PrintResultView, t: Translate, tk: TranslateKey): DeskMessage {
  return {
    text: `${t('staff.notPrinted', { number })} ${tk(print.failureKey ?? 'error.generic')}`,
    tone: 'error',
  };
}
