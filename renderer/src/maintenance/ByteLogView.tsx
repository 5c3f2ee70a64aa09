import { useEffect, useRef, useState } from 'react';
import type { DeviceId } from '../../../common/health.ts';
import type { ByteLogEntry } from '../../../common/maintenance.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import type { Invoke } from './section.ts';

const bytesShown = 120;
const bytesPollMs = 700;

export function ByteLogView({ device, token, call }: { device: DeviceId; token: string; call: Invoke }) {
  const { api } = useKiosk();
  const { t } = useI18n();
  const [entries, setEntries] = useState<ByteLogEntry[]>([]);
  const [paused, setPaused] = useState(false);
  const after = useRef(0);

  useEffect(() => {
    if (paused) return;
    let alive = true;
    const poll = async () => {
      const view = await call(() => api.invoke('maint:readBytes', { token, device, after: after.current }));
      if (!alive || !view) return;
      after.current = view.lastSeq;
      if (view.entries.length > 0) setEntries((old) => [...old, ...view.entries].slice(-bytesShown));
    };
    void poll();
    const timer = window.setInterval(() => void poll(), bytesPollMs);
    return () => {
      alive = false;
      window.clearInterval(timer);
    };
  }, [api, call, device, paused, token]);

  return (
    <details className="maint-bytes" open>
      <summary>
        {t('maint.bytes.title')}{' '}
        <button type="button" data-testid={`maint-${device}-bytes-pause`} onClick={() => setPaused(!paused)}>
          {paused ? t('maint.bytes.resume') : t('maint.bytes.pause')}
        </button>
      </summary>
      <ol className="maint-bytes-list" data-testid={`maint-${device}-bytes`} translate="no">
        {entries.length === 0 && <li>{t('maint.bytes.empty')}</li>}
        {[...entries].reverse().map((entry) => (
          <li key={entry.seq} data-direction={entry.direction}>
            <time>{new Date(entry.at).toISOString().slice(11, 23)}</time>{' '}
            <span className="maint-dir">{entry.direction === 'tx' ? '→' : '←'}</span>{' '}
            <code>{entry.redacted ? t('maint.bytes.withheld', { length: entry.length }) : entry.hex}</code>{' '}
            <span className="maint-decoded">{entry.decoded}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
