// Emulator controls for developers and demonstrations: place or remove a card, inject faults,
// unplug devices, and see the last receipts as paper. Only rendered when the kiosk says its
// hardware is emulated; the services refuse these requests otherwise.
import { useEffect, useState } from 'react';
import type { DevFault, DevState } from '../../../common/dev.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';

export function DevPanel() {
  const { api } = useKiosk();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<DevState | null>(null);

  useEffect(() => {
    if (!open) return;
    let alive = true;
    const off = api.on('dev:changed', (next) => alive && setState(next));
    void api.invoke('dev:getState', {}).then((reply) => alive && reply.ok && setState(reply.value));
    return () => {
      alive = false;
      off();
    };
  }, [api, open]);

  const apply = (reply: Promise<{ ok: true; value: DevState } | { ok: false }>) =>
    void reply.then((result) => result.ok && setState(result.value));

  if (!open) {
    return (
      <button type="button" className="dev-toggle" data-testid="dev-open" onClick={() => setOpen(true)}>
        {t('dev.open')}
      </button>
    );
  }
  return (
    <aside className="dev-panel" data-testid="dev-panel" aria-label={t('dev.title')}>
      <header className="dev-header">
        <h2>{t('dev.title')}</h2>
        <button type="button" data-testid="dev-close" onClick={() => setOpen(false)}>
          {t('dev.close')}
        </button>
      </header>
      {state?.idcard && (
        <section className="dev-section" data-testid="dev-idcard">
          <h3>
            {t('dev.idcard')} · {state.idcard.plugged ? t('dev.plugged') : t('dev.unplugged')} ·{' '}
            {state.idcard.baudRate} bd
          </h3>
          <ul className="dev-deck">
            {state.idcard.deck.map((card) => (
              <li key={card.id}>
                <button
                  type="button"
                  data-testid={`dev-place-${card.id}`}
                  aria-pressed={state.idcard?.currentCardId === card.id}
                  onClick={() => apply(api.invoke('dev:placeCard', { cardId: card.id }))}
                >
                  {t('dev.place')}: {card.label}
                </button>
              </li>
            ))}
          </ul>
          <div className="dev-row">
            <button
              type="button"
              data-testid="dev-remove"
              onClick={() => apply(api.invoke('dev:removeCard', {}))}
            >
              {t('dev.remove')}
            </button>
            <FaultSelect
              testId="dev-idcard-fault"
              faults={state.idcard.faults}
              current={state.idcard.fault}
              onChange={(fault) => apply(api.invoke('dev:setReaderFault', { fault }))}
            />
            <button
              type="button"
              data-testid="dev-idcard-plug"
              onClick={() =>
                apply(api.invoke(state.idcard?.plugged ? 'dev:unplugReader' : 'dev:replugReader', {}))
              }
            >
              {state.idcard.plugged ? t('dev.unplug') : t('dev.replug')}
            </button>
          </div>
        </section>
      )}
      {state?.printer && (
        <section className="dev-section" data-testid="dev-printer">
          <h3>
            {t('dev.printer')} · {state.printer.plugged ? t('dev.plugged') : t('dev.unplugged')} ·{' '}
            {state.printer.baudRate} bd
          </h3>
          <div className="dev-row">
            <FaultSelect
              testId="dev-printer-fault"
              faults={state.printer.faults}
              current={state.printer.fault}
              onChange={(fault) => apply(api.invoke('dev:setPrinterFault', { fault }))}
            />
            <button
              type="button"
              data-testid="dev-printer-plug"
              onClick={() =>
                apply(api.invoke(state.printer?.plugged ? 'dev:unplugPrinter' : 'dev:replugPrinter', {}))
              }
            >
              {state.printer.plugged ? t('dev.unplug') : t('dev.replug')}
            </button>
            <button
              type="button"
              data-testid="dev-test-page"
              onClick={() => apply(api.invoke('dev:printTestPage', {}))}
            >
              {t('dev.testPage')}
            </button>
            <button type="button" onClick={() => apply(api.invoke('dev:clearReceipts', {}))}>
              {t('dev.clear')}
            </button>
          </div>
          <h3>{t('dev.receipts')}</h3>
          {state.printer.receipts.length === 0 && <p>{t('dev.noReceipts')}</p>}
          <ol className="dev-receipts" data-testid="dev-receipts">
            {state.printer.receipts.map((receipt) => (
              <li key={receipt.id} data-testid="dev-receipt" data-complete={receipt.complete}>
                {!receipt.complete && <p className="banner banner-warning">{t('dev.receiptIncomplete')}</p>}
                <img
                  src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(receipt.svg)}`}
                  alt={receipt.lines.join('\n')}
                />
              </li>
            ))}
          </ol>
        </section>
      )}
    </aside>
  );
}

/** One emulator's fault list: each fault named as the emulator knows it, with what it does, so a
 *  developer demonstrating a fault need not look it up. */
function FaultSelect({
  testId,
  faults,
  current,
  onChange,
}: {
  testId: string;
  faults: DevFault[];
  current: string | null;
  onChange: (fault: string | null) => void;
}) {
  const { t } = useI18n();
  const chosen = faults.find((fault) => fault.name === current);
  return (
    <label className="dev-fault">
      {t('dev.fault')}{' '}
      <select
        data-testid={testId}
        value={current ?? ''}
        onChange={(event) => onChange(event.target.value || null)}
      >
        <option value="">{t('dev.noFault')}</option>
        {faults.map((fault) => (
          <option key={fault.name} value={fault.name} title={fault.description}>
            {fault.name}
          </option>
        ))}
      </select>
      {chosen && <small data-testid={`${testId}-description`}>{chosen.description}</small>}
    </label>
  );
}
