import type { SessionView } from '../../../common/session.ts';
import { useI18n } from '../i18n/index.tsx';

/** The person greeted by the name on their card, with the masked number and the kind of card: the
 *  first lines of the screens that follow a card read (the greeting is what the card bench times). */
export function CardGreeting({ card }: { card: NonNullable<SessionView['card']> }) {
  const { t, tk } = useI18n();
  return (
    <>
      <h1 className="greeting" data-testid="greeting">
        {t('idcard.greeting', { name: card.name })}
      </h1>
      <p className="card-number" data-testid="masked-id">
        {t('idcard.number', { number: card.maskedIdNumber })} · {tk(`idcard.kind.${card.kind}`)}
      </p>
    </>
  );
}
