import { useState } from 'react';
import type { MaintActionResult } from '../../../common/maintenance.ts';
import type { Result } from '../../../common/result.ts';
import { useI18n } from '../i18n/index.tsx';
import { Detail } from './detail.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { formatBytes } from './format.ts';
import { ResultLine } from './ResultLine.tsx';
import type { SectionProps } from './section.ts';

export function StoreSection({ overview, token, call, onDone }: SectionProps) {
  const { api } = useKiosk();
  const { t, tk, locale } = useI18n();
  const [result, setResult] = useState<MaintActionResult | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (request: () => Promise<Result<MaintActionResult>>) => {
    setBusy(true);
    setResult(await call(request));
    setBusy(false);
    await onDone();
  };
  const { store, sync, disk } = overview;
  return (
    <section className="maint-section maint-store">
      <h2>{t('maint.store.title')}</h2>
      <p data-testid="maint-store" data-level={store.level}>
        {tk(store.key)} · {t('maint.store.size')} {formatBytes(store.sizeBytes)} (WAL{' '}
        {formatBytes(store.walBytes)}) · {t('maint.store.lastBackup')} {store.lastBackup ?? '—'}
      </p>
      <div className="maint-actions">
        <button
          type="button"
          data-testid="maint-store-check"
          disabled={busy}
          onClick={() => void act(() => api.invoke('maint:checkStore', { token }))}
        >
          {t('maint.store.check')}
        </button>
        <button
          type="button"
          data-testid="maint-store-backup"
          disabled={busy}
          onClick={() => void act(() => api.invoke('maint:backupStore', { token }))}
        >
          {t('maint.store.backup')}
        </button>
      </div>
      <ResultLine result={result} testId="maint-store-result" />
      <h2>{t('maint.sync.title')}</h2>
      <p data-testid="maint-sync" data-level={sync.level}>
        {tk(sync.key)} · {t('maint.sync.backlog')}{' '}
        <strong data-testid="maint-sync-backlog">{sync.backlog}</strong> · {t('maint.sync.lastSuccess')}{' '}
        {sync.lastSuccessAt ? new Date(sync.lastSuccessAt).toLocaleString(locale, { hour12: false }) : '—'}
        {sync.lastError && <Detail text={sync.lastError} />}
      </p>
      <button
        type="button"
        data-testid="maint-sync-now"
        disabled={busy}
        onClick={() => void act(() => api.invoke('maint:syncNow', { token }))}
      >
        {t('maint.sync.now')}
      </button>
      <h2>{t('maint.disk.title')}</h2>
      <p data-testid="maint-disk" data-level={disk.level}>
        {t('maint.disk.free', { free: formatBytes(disk.freeBytes), total: formatBytes(disk.totalBytes) })}{' '}
        <span className="maint-detail" translate="no">
          {disk.path}
        </span>
      </p>
    </section>
  );
}
