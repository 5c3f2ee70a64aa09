import { useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { formatBytes } from './format.ts';
import type { Invoke } from './section.ts';

export function BundleSection({ token, call }: { token: string; call: Invoke }) {
  const { api } = useKiosk();
  const { t } = useI18n();
  const [folder, setFolder] = useState('');
  const [targets, setTargets] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const find = async () => {
    const found = await call(() => api.invoke('maint:listUsbTargets', { token }));
    if (found) {
      setTargets(found);
      if (found[0] && !folder) setFolder(found[0]);
    }
  };
  const exportTo = async (target: { kind: 'usb'; path: string } | { kind: 'central' }) => {
    setBusy(true);
    setMessage(null);
    const result = await call(() => api.invoke('maint:exportBundle', { token, target }));
    setBusy(false);
    if (result)
      setMessage(
        result.target === 'usb'
          ? t('maint.bundle.written', { where: result.where, size: formatBytes(result.bytes) })
          : t('maint.bundle.queued', { size: formatBytes(result.bytes) }),
      );
  };

  return (
    <section className="maint-section maint-bundle">
      <h2>{t('maint.bundle.title')}</h2>
      <div className="maint-port-form">
        <label>
          {t('maint.bundle.path')}
          <input
            data-testid="maint-bundle-path"
            list="maint-usb-targets"
            value={folder}
            onChange={(event) => setFolder(event.target.value)}
          />
          <datalist id="maint-usb-targets">
            {targets.map((target) => (
              <option key={target} value={target} />
            ))}
          </datalist>
        </label>
        <button type="button" onClick={() => void find()}>
          {t('maint.bundle.findUsb')}
        </button>
        <button
          type="button"
          data-testid="maint-bundle-usb"
          disabled={busy || !folder}
          onClick={() => void exportTo({ kind: 'usb', path: folder })}
        >
          {t('maint.bundle.usb')}
        </button>
        <button
          type="button"
          data-testid="maint-bundle-central"
          disabled={busy}
          onClick={() => void exportTo({ kind: 'central' })}
        >
          {t('maint.bundle.central')}
        </button>
      </div>
      {message && (
        <p className="maint-result maint-result-ok" role="status" data-testid="maint-bundle-result">
          {message}
        </p>
      )}
    </section>
  );
}
