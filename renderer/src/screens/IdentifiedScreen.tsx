import type { SessionView } from '../../../common/session.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';

/** The person is known: greet them by name with the masked number — never the full one. */
export function IdentifiedScreen({ session, cardRemoved }: { session: SessionView; cardRemoved: boolean }) {
  const { t, tk } = useI18n();
  const { api } = useKiosk();
  const card = session.card;
  if (!card) return null;
  return (
    <main className="identified" data-testid="identified-screen">
      <h1 className="greeting" data-testid="greeting">
        {t('idcard.greeting', { name: card.name })}
      </h1>
      <p className="card-kind">{tk(`idcard.kind.${card.kind}`)}</p>
      <p className="card-number" data-testid="masked-id">
        {t('idcard.number', { number: card.maskedIdNumber })}
      </p>
      {card.expired && (
        <p className="banner banner-warning" role="alert">
          {t('idcard.expired')}
        </p>
      )}
      {cardRemoved && (
        <p className="notice" role="status" data-testid="card-removed">
          {t('idcard.removed')}
        </p>
      )}
      <p className="next-step">{t('idcard.next')}</p>
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          onClick={() => void api.invoke('session:end', { reason: 'user' })}
        >
          {t('session.end')}
        </button>
      </div>
    </main>
  );
}
