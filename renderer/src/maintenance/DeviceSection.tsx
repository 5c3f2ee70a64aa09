import { useState } from 'react';
import type { MaintActionResult, MaintDeviceView } from '../../../common/maintenance.ts';
import type { Result } from '../../../common/result.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { ByteLogView } from './ByteLogView.tsx';
import { ResultLine } from './ResultLine.tsx';
import { Detail, useFactLabels } from './detail.tsx';
import type { Invoke } from './section.ts';

export function DeviceSection({
  device,
  token,
  call,
  onDone,
}: {
  device: MaintDeviceView;
  token: string;
  call: Invoke;
  onDone: () => Promise<void> | void;
}) {
  const { api } = useKiosk();
  const { t, tk } = useI18n();
  const facts = useFactLabels();
  const [result, setResult] = useState<MaintActionResult | null>(null);
  const [busy, setBusy] = useState(false);
  const id = device.health.id;

  const act = async (request: () => Promise<Result<MaintActionResult>>) => {
    setBusy(true);
    setResult(null);
    const value = await call(request);
    setBusy(false);
    if (value) setResult(value);
    await onDone();
  };

  return (
    <article
      className="maint-section maint-device"
      data-testid={`maint-device-${id}`}
      data-level={device.health.level}
    >
      <h2>
        {tk(`health.device.${id}`)}{' '}
        <span className={`maint-level maint-level-${device.health.level}`}>
          {tk(`health.level.${device.health.level}`)}
        </span>
      </h2>
      <p className="maint-sentence" data-testid={`maint-device-${id}-sentence`}>
        {tk(device.health.key)}
      </p>
      <dl className="maint-facts">
        <dt>{t('maint.device.port')}</dt>
        <dd data-testid={`maint-device-${id}-port`} translate="no">
          {device.configuredPort}
        </dd>
        <dt>{t('maint.device.openPath')}</dt>
        <dd translate="no">{device.openPath ?? '—'}</dd>
        <dt>{t('maint.device.baud')}</dt>
        <dd data-testid={`maint-device-${id}-baud`}>{device.baudRate}</dd>
        <dt>{t('maint.device.state')}</dt>
        <dd data-testid={`maint-device-${id}-state`} data-state={device.portState}>
          {tk(`maint.portState.${device.portState}`)}
        </dd>
        <dt>{t('maint.device.lastError')}</dt>
        <dd data-testid={`maint-device-${id}-error`}>
          {device.lastError || device.health.detail ? (
            <Detail text={device.lastError ?? device.health.detail} />
          ) : (
            t('maint.device.none')
          )}
        </dd>
        {Object.entries(device.facts).map(([name, value]) => (
          <div key={name} className="maint-fact">
            <dt>{facts.label(name)}</dt>
            <dd>
              <Detail text={facts.value(value)} />
            </dd>
          </div>
        ))}
      </dl>
      <div className="maint-actions">
        {id === 'idcard' ? (
          <>
            <button
              type="button"
              data-testid="maint-idcard-sam"
              disabled={busy}
              onClick={() => void act(() => api.invoke('maint:readSam', { token }))}
            >
              {t('maint.idcard.samStatus')}
            </button>
            <button
              type="button"
              data-testid="maint-idcard-test-read"
              disabled={busy}
              onClick={() => void act(() => api.invoke('maint:testRead', { token }))}
            >
              {t('maint.idcard.testRead')}
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              data-testid="maint-printer-status"
              disabled={busy}
              onClick={() => void act(() => api.invoke('maint:readPrinterStatus', { token }))}
            >
              {t('maint.printer.status')}
            </button>
            <button
              type="button"
              data-testid="maint-printer-test-page"
              disabled={busy}
              onClick={() => void act(() => api.invoke('maint:printTestPage', { token }))}
            >
              {t('maint.printer.testPage')}
            </button>
          </>
        )}
        <button
          type="button"
          data-testid={`maint-${id}-reconnect`}
          disabled={busy}
          onClick={() => void act(() => api.invoke('maint:reconnect', { token, device: id }))}
        >
          {t('maint.reconnect')}
        </button>
      </div>
      <ResultLine result={result} testId={`maint-${id}-result`} />
      <ByteLogView device={id} token={token} call={call} />
    </article>
  );
}
