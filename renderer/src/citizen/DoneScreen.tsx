import type { FlowView } from '../../../common/citizen.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useGuidance } from '../speech/speech.tsx';

export function DoneScreen({ flow }: { flow: FlowView }) {
  const { t, tk } = useI18n();
  const { api } = useKiosk();
  const printed = flow.printed!;
  useGuidance('guide.done');
  return (
    <main className="flow-screen done" data-testid="done-screen">
      <h1 className="flow-title">{t('done.take')}</h1>
      {printed.ticketNumber && (
        <p className="ticket-number" data-testid="ticket-number">
          {printed.appointment
            ? t('done.voucherNumber', { number: printed.ticketNumber })
            : t('done.number', { number: printed.ticketNumber })}
        </p>
      )}
      <p className="flow-lead">
        {printed.appointment
          ? t('done.voucher', { day: printed.appointment.day, time: printed.appointment.from })
          : tk(`done.${printed.kind}`)}
      </p>
      <div className="actions">
        <button
          type="button"
          className="button-primary"
          data-testid="finish"
          onClick={() => void api.invoke('session:finish', {})}
        >
          {t('done.next')}
        </button>
      </div>
    </main>
  );
}
