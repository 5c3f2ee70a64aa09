import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { Clock } from './Clock.tsx';

/** The hall's name, the kiosk's and the time: the top of every screen a person meets first. */
export function HallHeader() {
  const { t } = useI18n();
  const { info } = useKiosk();
  return (
    <header className="attract-header">
      <div>
        <h1 className="hall-name">{info.hallName}</h1>
        <p className="kiosk-name">{t('app.title')}</p>
      </div>
      <Clock />
    </header>
  );
}
