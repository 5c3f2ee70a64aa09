// Clock times on screen in the hall's time zone, as the paper prints them — never the OS's zone,
// which on a kiosk imaged elsewhere may be UTC.
import { useCallback } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { useHallStatus } from './HallBanner.tsx';

/** Used until the hall's status arrives: the zone of every hall this kiosk ships for. */
export const defaultHallTimeZone = 'Asia/Shanghai';

export function useHallClock() {
  const { locale } = useI18n();
  const timeZone = useHallStatus()?.timeZone ?? defaultHallTimeZone;
  const formatTime = useCallback(
    (at: string | number | Date, seconds = false) =>
      new Date(at).toLocaleTimeString(locale, {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        ...(seconds ? { second: '2-digit' } : {}),
        hour12: false,
      }),
    [locale, timeZone],
  );
  const formatDateTime = useCallback(
    (at: string | number | Date) => new Date(at).toLocaleString(locale, { timeZone, hour12: false }),
    [locale, timeZone],
  );
  return { timeZone, formatTime, formatDateTime };
}
