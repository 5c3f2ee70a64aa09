import { useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { Detail } from './detail.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import type { SectionProps } from './section.ts';

export function SelfTestSection({ overview, token, call, onDone }: SectionProps) {
  const { api } = useKiosk();
  const { t, tk, locale } = useI18n();
  const [running, setRunning] = useState(false);
  const report = overview.selfTest;
  const run = async () => {
    setRunning(true);
    await call(() => api.invoke('maint:runSelfTest', { token }));
    setRunning(false);
    await onDone();
  };
  return (
    <section className="maint-section" data-testid="maint-selftest" data-level={report?.level ?? 'none'}>
      <h2>{t('maint.selfTest.title')}</h2>
      {report && (
        <>
          <p>
            {t('maint.selfTest.at', { time: new Date(report.at).toLocaleString(locale, { hour12: false }) })}{' '}
            ·{' '}
            <strong data-testid="maint-serviceable" data-serviceable={report.serviceable}>
              {report.serviceable ? t('maint.selfTest.serviceable') : t('maint.selfTest.notServiceable')}
            </strong>
          </p>
          <ul className="maint-checks">
            {report.checks.map((check) => (
              <li key={check.id} data-testid={`maint-check-${check.id}`} data-level={check.level}>
                <span className={`maint-level maint-level-${check.level}`}>
                  {tk(`health.level.${check.level}`)}
                </span>{' '}
                {tk(`maint.check.${check.id}`)}: {tk(check.key)} <Detail text={check.detail} />
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" data-testid="maint-run-selftest" disabled={running} onClick={() => void run()}>
        {t('maint.selfTest.run')}
      </button>
    </section>
  );
}
