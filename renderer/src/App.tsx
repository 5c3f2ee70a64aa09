import { useCallback, useEffect, useState } from 'react';
import type { KioskApi, SystemInfo } from '../../common/contract.ts';
import type { HealthSnapshot } from '../../common/health.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { I18nProvider, useI18n } from './i18n/index.tsx';
import { KioskContext, useKiosk, useLiveValue } from './kiosk-context.tsx';
import { DevPanel } from './dev/DevPanel.tsx';
import { FaultBanner } from './components/FaultBanner.tsx';
import { AttractScreen } from './screens/AttractScreen.tsx';
import { StaffDesk, StaffEntry } from './staff/StaffDesk.tsx';
import { MaintenanceEntry, MaintenanceScreen } from './maintenance/MaintenanceScreen.tsx';
import { DoneScreen } from './citizen/DoneScreen.tsx';
import { FormScreen } from './citizen/FormScreen.tsx';
import { ItemsScreen } from './citizen/ItemsScreen.tsx';
import { MaterialsScreen } from './citizen/MaterialsScreen.tsx';
import { OutcomeScreen } from './citizen/OutcomeScreen.tsx';
import { OutOfServiceScreen, requiredDeviceDown } from './screens/OutOfServiceScreen.tsx';
import type { SessionView } from '../../common/session.ts';

function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <button
      type="button"
      className="lang-switch"
      data-testid="lang-switch"
      aria-label={t('lang.switchLabel')}
      lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}
      onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
    >
      {t('lang.switch')}
    </button>
  );
}

/** Which screen shows follows the session the services hold, never local guesses. */
function SessionScreens({ health }: { health: HealthSnapshot | null }) {
  const { api } = useKiosk();
  const session = useLiveValue('session:changed', async () => {
    const reply = await api.invoke('session:get', {});
    return reply.ok ? reply.value : null;
  });
  // Removal is shown for the session it happened in; a new card starts a new session and clears it.
  const [removed, setRemoved] = useState<{ sessionId: string | null } | null>(null);
  useEffect(() => api.on('idcard:removed', () => setRemoved({ sessionId: null })), [api]);
  if (!session || session.stage === 'attract' || !session.card) {
    return health && requiredDeviceDown(health) ? (
      <OutOfServiceScreen health={health} />
    ) : (
      <AttractScreen health={health} />
    );
  }
  if (removed && removed.sessionId === null) setRemoved({ sessionId: session.id });
  const cardRemoved = removed !== null && (removed.sessionId === null || removed.sessionId === session.id);
  const flow = session.flow;
  if (flow && session.stage === 'form') return <FormScreen flow={flow} />;
  if (flow && session.stage === 'materials') return <MaterialsScreen flow={flow} />;
  if (flow?.result && session.stage === 'outcome') return <OutcomeScreen flow={flow} />;
  if (flow?.printed && session.stage === 'done') return <DoneScreen flow={flow} />;
  return <ItemsScreen session={session as SessionView} cardRemoved={cardRemoved} />;
}

function Screens() {
  const { api, info } = useKiosk();
  const { t } = useI18n();
  const [notice, setNotice] = useState<string | null>(null);
  const [staffOpen, setStaffOpen] = useState(false);
  // The technician's screen: a role apart from the staff desk, reached from its own corner button.
  const [maintOpen, setMaintOpen] = useState(false);
  const health = useLiveValue('system:health', async () => {
    const reply = await api.invoke('system:health', {});
    return reply.ok ? reply.value : null;
  });

  const recover = useCallback(
    (reset: () => void) => {
      setNotice(t('app.errorRecovered'));
      void api.invoke('session:end', { reason: 'error' });
      reset();
    },
    [api, t],
  );

  return (
    <>
      <LanguageSwitch />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <FaultBanner />
      {maintOpen ? (
        <MaintenanceScreen onClose={() => setMaintOpen(false)} />
      ) : staffOpen ? (
        <StaffDesk onClose={() => setStaffOpen(false)} />
      ) : (
        <ErrorBoundary fallback={(reset) => <Fallback onReady={() => recover(reset)} health={health} />}>
          <SessionScreens health={health} />
        </ErrorBoundary>
      )}
      {!staffOpen && !maintOpen && <StaffEntry onOpen={() => setStaffOpen(true)} />}
      {!staffOpen && !maintOpen && <MaintenanceEntry onOpen={() => setMaintOpen(true)} />}
      {info.devPanel && <DevPanel />}
    </>
  );
}

/** Shown for one frame after a screen fails, then the tree is rebuilt from the attract screen. */
function Fallback({ onReady, health }: { onReady: () => void; health: HealthSnapshot | null }) {
  useEffect(() => {
    onReady();
  }, [onReady]);
  return <AttractScreen health={health} />;
}

export function App({
  api,
  connection,
}: {
  api: KioskApi;
  connection?: (listener: (up: boolean) => void) => () => void;
}) {
  const [info, setInfo] = useState<SystemInfo | null>(null);
  const [up, setUp] = useState(true);

  useEffect(() => connection?.(setUp), [connection]);
  useEffect(() => {
    let alive = true;
    const load = async () => {
      const reply = await api.invoke('system:info', {});
      if (!alive) return;
      if (reply.ok) setInfo(reply.value);
      else window.setTimeout(load, 1000);
    };
    void load();
    return () => {
      alive = false;
    };
  }, [api]);

  if (!info) {
    return (
      <p className="loading" role="status">
        正在连接终端服务… · Connecting…
      </p>
    );
  }
  return (
    <KioskContext.Provider value={{ api, info }}>
      <I18nProvider initial={info.locale}>
        {!up && <Disconnected />}
        <Screens />
      </I18nProvider>
    </KioskContext.Provider>
  );
}

function Disconnected() {
  const { t } = useI18n();
  return (
    <p className="banner banner-warning" role="alert" data-testid="disconnected">
      {t('app.disconnected')}
    </p>
  );
}
