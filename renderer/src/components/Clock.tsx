import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { useHallClock } from './hall-time.ts';

/** The attract screen's clock, in the hall's time zone like the paper (not the OS's). */
export function Clock() {
  const { locale, t } = useI18n();
  const { timeZone } = useHallClock();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const date = now.toLocaleDateString(locale, {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  });
  const time = now.toLocaleTimeString(locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  return (
    <div className="clock" aria-label={t('attract.clockLabel')} role="timer" data-time-zone={timeZone}>
      <span className="clock-time" data-testid="clock-time">
        {time}
      </span>
      <span className="clock-date">{date}</span>
    </div>
  );
}
