import type { FlowView } from '../../../common/citizen.ts';
import { useI18n } from '../i18n/index.tsx';
import { TicketNumber } from '../components/TicketNumber.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useGuidance } from '../speech/speech.tsx';

/** The paper is out: what it is, where to go next, how many are ahead (an estimate), and the card
 *  still on the reader — the last thing a person forgets at a kiosk. */
export function DoneScreen({ flow, hasCard = true }: { flow: FlowView; hasCard?: boolean }) {
  const { t, tk } = useI18n();
  const { api } = useKiosk();
  const printed = flow.printed!;
  // As the ticket printed it: the hall's figure, or this kiosk's own count said as an estimate.
  const { peopleAhead, peopleAheadBasis: basis } = printed;
  useGuidance('guide.done');
  return (
    <main className="flow-screen done" data-testid="done-screen">
      <h1 className="flow-title">{t('done.take')}</h1>
      {hasCard && (
        <p className="banner banner-warning done-card" role="alert" data-testid="take-card">
          {t('done.takeCard')}
        </p>
      )}
      {printed.ticketNumber && (
        <TicketNumber
          messageKey={printed.appointment ? 'done.voucherNumber' : 'done.number'}
          number={printed.ticketNumber}
          testId="ticket-number"
        />
      )}
      {!printed.appointment && typeof peopleAhead === 'number' && (
        <p className="flow-lead" data-testid="people-ahead">
          {basis === 'hall' && peopleAhead === 0
            ? t('done.nobodyAhead')
            : t(basis === 'hall' ? 'done.peopleAheadHall' : 'done.peopleAhead', { count: peopleAhead })}
          {(basis === 'offline' || basis === 'stale' || basis === 'lane') && (
            <span className="done-ahead-why">
              {' '}
              {t(basis === 'lane' ? 'done.aheadLane' : 'done.aheadOffline')}
            </span>
          )}
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
