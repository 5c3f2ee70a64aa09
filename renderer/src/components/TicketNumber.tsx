// A queue number or voucher reference in its sentence, the number kept on one line: in large type
// (elderly mode, English) "Appointment reference: N1201-C1-001" broke at the number's hyphen, and a
// citizen copying it to the desk read "N1201-" and "C1-001" as two things. The text stays the
// translated sentence, so screen readers and tests read it unchanged.
import { useI18n } from '../i18n/index.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';

/** Stands in for the number while the sentence is translated, then splits it around the number. */
const SLOT = '\u{F0000}';

export function TicketNumber({
  messageKey,
  number,
  testId,
}: {
  messageKey: MessageKey;
  number: string;
  testId: string;
}) {
  const { t } = useI18n();
  const [before, after = ''] = t(messageKey, { number: SLOT }).split(SLOT);
  return (
    <p className="ticket-number" data-testid={testId}>
      {before}
      <span className="no-break">{number}</span>
      {after}
    </p>
  );
}
