import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceId } from '../../../common/health.ts';
import type {
  ByteLogEntry,
  MaintActionResult,
  MaintDeviceView,
  MaintOverview,
  MaintSessionView,
  PortOption,
  SelfTestSummary,
} from '../../../common/maintenance.ts';
import type { ApiError, Result } from '../../../common/result.ts';
import { Keypad } from '../components/Keypad.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk, useLiveValue } from '../kiosk-context.tsx';
import './maintenance.css';

const bytesShown = 120;
const bytesPollMs = 700;
const overviewPollMs = 2000;

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(0)} kB`;
  return `${bytes} B`;
}

/** The corner of the attract screen for staff: the last self-test in a few words, and the way
 *  in for technicians. Hidden while a citizen is using the kiosk. */
export function MaintenanceEntry({ onOpen }: { onOpen: () => void }) {
  const { api } = useKiosk();
  const { t, locale } = useI18n();
  const summary = useLiveValue('maint:selfTest', async () => {
    const reply = await api.invoke('maint:getSelfTestSummary', {});
    return reply.ok ? reply.value : null;
  });
  const session = useLiveValue('session:changed', async () => {
    const reply = await api.invoke('session:get', {});
    return reply.ok ? reply.value : null;
  });
  if (session?.id) return null;
  return (
    <button
      type="button"
      className={`maint-entry maint-entry-${summary?.level ?? 'connecting'}`}
      data-testid="maint-entry"
      data-level={summary?.level ?? 'none'}
      aria-label={t('maint.entryLabel')}
      onClick={onOpen}
    >
      <span className="maint-entry-name">{t('maint.entry')}</span>
      <span className="maint-entry-summary" data-testid="maint-selftest-summary">
        {selfTestLine(summary, t, locale)}
      </span>
    </button>
  );
}

function selfTestLine(
  summary: SelfTestSummary | null,
  t: ReturnType<typeof useI18n>['t'],
  locale: string,
): string {
  if (!summary) return t('maint.selfTest.none');
  const time = new Date(summary.at).toLocaleTimeString(locale, { hour12: false });
  if (summary.level === 'fault') return t('maint.selfTest.fault', { time });
  if (summary.level === 'warning') return t('maint.selfTest.warning', { time });
  return t('maint.selfTest.ok', { time });
}

export function MaintenanceScreen({ onClose }: { onClose: () => void }) {
  const { api } = useKiosk();
  const { t, tk } = useI18n();
  const [session, setSession] = useState<MaintSessionView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const close = useCallback(async () => {
    if (session) await api.invoke('maint:logout', { token: session.token });
    onClose();
  }, [api, session, onClose]);

  /** A reply that says the session ended sends the technician back to the login. */
  const expired = useCallback(
    (error: ApiError) => {
      if (error.key === 'maint.login.expired') {
        setSession(null);
        setNotice(tk(error.key));
        return true;
      }
      return false;
    },
    [tk],
  );

  return (
    <main className="maint" data-testid="maint-screen">
      <header className="maint-header">
        <h1>{t('maint.title')}</h1>
        {session && (
          <span data-testid="maint-account">{t('maint.loggedIn', { account: session.accountId })}</span>
        )}
        <button type="button" data-testid="maint-close" onClick={() => void close()}>
          {t('maint.close')}
        </button>
      </header>
      {notice && (
        <p className="maint-notice" role="status" data-testid="maint-notice">
          {notice}
        </p>
      )}
      {session ? (
        <MaintenancePanel token={session.token} onExpired={expired} />
      ) : (
        <MaintenanceLogin
          onLoggedIn={(value) => {
            setNotice(null);
            setSession(value);
          }}
        />
      )}
    </main>
  );
}

function MaintenanceLogin({ onLoggedIn }: { onLoggedIn: (session: MaintSessionView) => void }) {
  const { api } = useKiosk();
  const { t, tk } = useI18n();
  const [accountId, setAccountId] = useState('');
  const [pin, setPin] = useState('');
  const [keypadFor, setKeypadFor] = useState<'account' | 'pin'>('account');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    const reply = await api.invoke('maint:login', { accountId, pin });
    setBusy(false);
    setPin('');
    if (reply.ok) onLoggedIn(reply.value);
    else setError(tk(reply.error.key ?? 'maint.login.wrong'));
  };

  return (
    <form
      className="maint-login"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2>{t('maint.login.title')}</h2>
      <label>
        {t('maint.login.account')}
        <input
          data-testid="maint-account-input"
          inputMode="numeric"
          autoComplete="off"
          value={accountId}
          onFocus={() => setKeypadFor('account')}
          onChange={(event) => setAccountId(event.target.value.trim())}
        />
      </label>
      <label>
        {t('maint.login.pin')}
        <input
          data-testid="maint-pin-input"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          onFocus={() => setKeypadFor('pin')}
          onChange={(event) => setPin(event.target.value.trim())}
        />
      </label>
      {/* One keypad for both fields (a kiosk has no keyboard): it types into the one last touched. */}
      <Keypad
        {...(keypadFor === 'account'
          ? { value: accountId, onChange: setAccountId, maxLength: 16, label: t('maint.login.account') }
          : { value: pin, onChange: setPin, maxLength: 12, label: t('maint.login.pin') })}
        testId="maint-keypad"
      />
      {error && (
        <p className="maint-error" role="alert" data-testid="maint-login-error">
          {error}
        </p>
      )}
      <button type="submit" data-testid="maint-login" disabled={busy || !accountId || !pin}>
        {t('maint.login.submit')}
      </button>
    </form>
  );
}

type Invoke = <T>(call: () => Promise<Result<T>>) => Promise<T | null>;

function MaintenancePanel({ token, onExpired }: { token: string; onExpired: (error: ApiError) => boolean }) {
  const { api } = useKiosk();
  const { tk } = useI18n();
  const [overview, setOverview] = useState<MaintOverview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const call: Invoke = useCallback(
    async <T,>(request: () => Promise<Result<T>>): Promise<T | null> => {
      const reply = await request();
      if (reply.ok) return reply.value;
      if (!onExpired(reply.error)) setProblem(tk(reply.error.key ?? 'error.generic'));
      return null;
    },
    [onExpired, tk],
  );

  const refresh = useCallback(async () => {
    const value = await call(() => api.invoke('maint:getOverview', { token }));
    if (value) setOverview(value);
  }, [api, call, token]);

  useEffect(() => {
    const first = window.setTimeout(() => void refresh(), 0);
    const timer = window.setInterval(() => void refresh(), overviewPollMs);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(timer);
    };
  }, [refresh]);

  if (!overview) return null;
  return (
    <div className="maint-panel">
      {problem && (
        <p className="maint-error" role="alert" data-testid="maint-problem">
          {problem}
        </p>
      )}
      <SelfTestSection overview={overview} token={token} call={call} onDone={refresh} />
      <section className="maint-devices">
        {overview.devices.map((device) => (
          <DeviceSection key={device.health.id} device={device} token={token} call={call} onDone={refresh} />
        ))}
      </section>
      <StoreSection overview={overview} token={token} call={call} onDone={refresh} />
      <PortsSection overview={overview} token={token} call={call} onDone={refresh} />
      <BundleSection token={token} call={call} />
    </div>
  );
}

interface SectionProps {
  overview: MaintOverview;
  token: string;
  call: Invoke;
  onDone: () => Promise<void>;
}

function ResultLine({ result, testId }: { result: MaintActionResult | null; testId: string }) {
  const { t, tk } = useI18n();
  if (!result) return null;
  return (
    <p
      className={`maint-result maint-result-${result.ok ? 'ok' : 'failed'}`}
      data-testid={testId}
      data-ok={result.ok}
    >
      <strong>{result.ok ? t('maint.result.ok') : t('maint.result.failed')}</strong> {tk(result.key)}{' '}
      <span className="maint-detail">{result.detail}</span>
    </p>
  );
}

function SelfTestSection({ overview, token, call, onDone }: SectionProps) {
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
                {tk(`maint.check.${check.id}`)}: {tk(check.key)}{' '}
                <span className="maint-detail">{check.detail}</span>
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

function DeviceSection({
  device,
  token,
  call,
  onDone,
}: {
  device: MaintDeviceView;
  token: string;
  call: Invoke;
  onDone: () => Promise<void>;
}) {
  const { api } = useKiosk();
  const { t, tk } = useI18n();
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
        <dd data-testid={`maint-device-${id}-port`}>{device.configuredPort}</dd>
        <dt>{t('maint.device.openPath')}</dt>
        <dd>{device.openPath ?? '—'}</dd>
        <dt>{t('maint.device.baud')}</dt>
        <dd data-testid={`maint-device-${id}-baud`}>{device.baudRate}</dd>
        <dt>{t('maint.device.state')}</dt>
        <dd data-testid={`maint-device-${id}-state`} data-state={device.portState}>
          {tk(`maint.portState.${device.portState}`)}
        </dd>
        <dt>{t('maint.device.lastError')}</dt>
        <dd data-testid={`maint-device-${id}-error`}>
          {device.lastError ?? device.health.detail ?? t('maint.device.none')}
        </dd>
        {Object.entries(device.facts).map(([name, value]) => (
          <div key={name} className="maint-fact">
            <dt>{name}</dt>
            <dd>{value}</dd>
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

function ByteLogView({ device, token, call }: { device: DeviceId; token: string; call: Invoke }) {
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
      <ol className="maint-bytes-list" data-testid={`maint-${device}-bytes`}>
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

function StoreSection({ overview, token, call, onDone }: SectionProps) {
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
        {sync.lastError && <span className="maint-detail"> {sync.lastError}</span>}
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
        <span className="maint-detail">{disk.path}</span>
      </p>
    </section>
  );
}

type PortLocatorForm = MaintDeviceView['configuredLocator'];
const hexId = /^[0-9a-fA-F]{4}$/;

/** A device is found by a fixed path, or by its USB adapter's ids: the ids survive the adapter
 *  coming back as another /dev/ttyUSBn after a replug, a path does not. */
function PortsSection({ overview, token, call, onDone }: SectionProps) {
  const { api } = useKiosk();
  const { t, tk } = useI18n();
  const [ports, setPorts] = useState<PortOption[] | null>(null);
  const viewOf = (id: DeviceId) => overview.devices.find((candidate) => candidate.health.id === id);
  const [device, setDevice] = useState<DeviceId>('printer');
  const [by, setBy] = useState<'path' | 'usb'>(() =>
    viewOf('printer')?.configuredLocator.usb ? 'usb' : 'path',
  );
  const [path, setPath] = useState(() => pathOf(viewOf('printer')));
  const [usb, setUsb] = useState(() => usbOf(viewOf('printer')?.configuredLocator));
  const [baudRate, setBaudRate] = useState(() => viewOf('printer')?.baudRate ?? 115200);
  const [result, setResult] = useState<MaintActionResult | null>(null);

  /** Choosing a device shows how it is found now and at what speed, to be changed from there. */
  const choose = (id: DeviceId) => {
    setDevice(id);
    const current = viewOf(id);
    if (current) {
      setBy(current.configuredLocator.usb && !current.configuredLocator.path ? 'usb' : 'path');
      setPath(pathOf(current));
      setUsb(usbOf(current.configuredLocator));
      setBaudRate(current.baudRate);
    }
  };
  const takePort = (port: PortOption, asUsb: boolean) => {
    if (asUsb && port.vendorId && port.productId) {
      setBy('usb');
      setUsb({ vendorId: port.vendorId, productId: port.productId, serialNumber: port.serialNumber ?? '' });
    } else {
      setBy('path');
      setPath(port.byId ?? port.path);
    }
  };

  const usbValid = hexId.test(usb.vendorId) && hexId.test(usb.productId);
  const ready = by === 'path' ? path.trim() !== '' : usbValid;
  const list = async () => setPorts(await call(() => api.invoke('maint:listPorts', { token })));
  const save = async () => {
    const serialNumber = usb.serialNumber.trim();
    const port =
      by === 'path'
        ? { path: path.trim() }
        : {
            usb: {
              vendorId: usb.vendorId.toLowerCase(),
              productId: usb.productId.toLowerCase(),
              ...(serialNumber ? { serialNumber } : {}),
            },
          };
    const value = await call(() =>
      api.invoke('maint:configurePort', {
        token,
        device,
        port,
        baudRate: baudRate as 9600 | 19200 | 38400 | 57600 | 115200,
      }),
    );
    setResult(value);
    await onDone();
  };

  return (
    <section className="maint-section maint-ports">
      <h2>{t('maint.ports.title')}</h2>
      <button type="button" data-testid="maint-ports-list" onClick={() => void list()}>
        {t('maint.ports.list')}
      </button>
      {ports && (
        <table data-testid="maint-ports">
          <caption>{t('maint.ports.detected')}</caption>
          <tbody>
            {ports.map((port) => (
              <tr key={port.path}>
                <td>
                  <button type="button" className="maint-link" onClick={() => takePort(port, false)}>
                    {port.path}
                  </button>
                </td>
                <td>
                  {port.vendorId && port.productId && (
                    <button
                      type="button"
                      className="maint-link"
                      data-testid="maint-port-use-usb"
                      title={t('maint.ports.useUsb')}
                      onClick={() => takePort(port, true)}
                    >
                      USB {port.vendorId}:{port.productId}
                    </button>
                  )}
                </td>
                <td>{port.serialNumber ?? ''}</td>
                <td>{port.manufacturer ?? (port.emulated ? t('maint.ports.emulated') : '')}</td>
                <td>
                  {port.usedBy ? t('maint.ports.usedBy', { device: tk(`health.device.${port.usedBy}`) }) : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="maint-port-form">
        <label>
          {t('maint.ports.device')}
          <select
            data-testid="maint-port-device"
            value={device}
            onChange={(event) => choose(event.target.value as DeviceId)}
          >
            {overview.devices.map((candidate) => (
              <option key={candidate.health.id} value={candidate.health.id}>
                {tk(`health.device.${candidate.health.id}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('maint.ports.by')}
          <select
            data-testid="maint-port-by"
            value={by}
            onChange={(event) => setBy(event.target.value as 'path' | 'usb')}
          >
            <option value="path">{t('maint.ports.byPath')}</option>
            <option value="usb">{t('maint.ports.byUsb')}</option>
          </select>
        </label>
        {by === 'path' ? (
          <label>
            {t('maint.ports.path')}
            <input
              data-testid="maint-port-path"
              value={path}
              onChange={(event) => setPath(event.target.value)}
            />
          </label>
        ) : (
          <>
            <HexIdInput
              label={t('maint.ports.vendorId')}
              testId="maint-port-usb-vendor"
              value={usb.vendorId}
              example="1a86"
              onChange={(vendorId) => setUsb({ ...usb, vendorId })}
            />
            <HexIdInput
              label={t('maint.ports.productId')}
              testId="maint-port-usb-product"
              value={usb.productId}
              example="7523"
              onChange={(productId) => setUsb({ ...usb, productId })}
            />
            <label>
              {t('maint.ports.serialNumber')}
              <input
                data-testid="maint-port-usb-serial"
                value={usb.serialNumber}
                maxLength={64}
                onChange={(event) => setUsb({ ...usb, serialNumber: event.target.value })}
              />
            </label>
          </>
        )}
        <label>
          {t('maint.device.baud')}
          <select
            data-testid="maint-port-baud"
            value={baudRate}
            onChange={(event) => setBaudRate(Number(event.target.value))}
          >
            {[9600, 19200, 38400, 57600, 115200].map((rate) => (
              <option key={rate} value={rate}>
                {rate}
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="maint-port-save" disabled={!ready} onClick={() => void save()}>
          {t('maint.ports.save')}
        </button>
      </div>
      {by === 'usb' && !usbValid && (usb.vendorId !== '' || usb.productId !== '') && (
        <p className="maint-hint" data-testid="maint-port-usb-hint">
          {t('maint.ports.usbHint')}
        </p>
      )}
      <ResultLine result={result} testId="maint-port-result" />
    </section>
  );
}

/** A USB vendor or product id: four hex digits, marked invalid as soon as it cannot be one. */
function HexIdInput(props: {
  label: string;
  testId: string;
  value: string;
  example: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {props.label}
      <input
        data-testid={props.testId}
        value={props.value}
        maxLength={4}
        placeholder={props.example}
        aria-invalid={props.value !== '' && !hexId.test(props.value)}
        onChange={(event) => props.onChange(event.target.value.trim())}
      />
    </label>
  );
}

function pathOf(view: MaintDeviceView | undefined): string {
  if (!view) return '';
  return view.configuredLocator.path ?? view.openPath ?? '';
}

function usbOf(locator: PortLocatorForm | undefined): {
  vendorId: string;
  productId: string;
  serialNumber: string;
} {
  const usb = locator?.usb;
  return {
    vendorId: usb?.vendorId ?? '',
    productId: usb?.productId ?? '',
    serialNumber: usb?.serialNumber ?? '',
  };
}

function BundleSection({ token, call }: { token: string; call: Invoke }) {
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
