import { Fragment, memo, useCallback, useEffect, useRef, useState } from 'react';
import type { KioskApi, SystemInfo } from '../../common/contract.ts';
import type { HealthSnapshot } from '../../common/health.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { I18nProvider, useI18n } from './i18n/index.tsx';
import { KioskContext, useKiosk, useLiveValue } from './kiosk-context.tsx';
import { DevPanel } from './dev/DevPanel.tsx';
import { FaultBanner } from './components/FaultBanner.tsx';
import { AttractScreen } from './screens/AttractScreen.tsx';
import { StaffDesk } from './staff/StaffDesk.tsx';
import { StaffEntry } from './staff/StaffEntry.tsx';
import { HelpButton } from './components/HelpButton.tsx';
import type { HelpScreen } from '../../common/help.ts';
import { MaintenanceEntry } from './maintenance/MaintenanceEntry.tsx';
import { MaintenanceScreen } from './maintenance/MaintenanceScreen.tsx';
import { DoneScreen } from './citizen/DoneScreen.tsx';
import { FormScreen } from './citizen/FormScreen.tsx';
import { ItemsScreen } from './citizen/ItemsScreen.tsx';
import { MaterialsScreen } from './citizen/MaterialsScreen.tsx';
import { OutcomeScreen } from './citizen/OutcomeScreen.tsx';
import { OutOfServiceScreen, requiredDeviceDown } from './screens/OutOfServiceScreen.tsx';
import { NoCardScreen } from './screens/NoCardScreen.tsx';
import { EvaluationScreen } from './citizen/EvaluationScreen.tsx';
import { WhomScreen } from './citizen/WhomScreen.tsx';
import { ApplicantScreen } from './citizen/ApplicantScreen.tsx';
import { AccessBar } from './components/AccessBar.tsx';
import { IdleCountdown } from './components/IdleCountdown.tsx';
import { PreferencesProvider, usePreferences } from './prefs.tsx';
import { SpeechProvider } from './speech/speech.tsx';
import type { SessionView } from '../../common/session.ts';

/** Touches sent at most this often while the person keeps tapping (the idle limit is a minute or more). */
const touchEveryMs = 2000;
/** The choices someone made at the attract screen and walked away from are undone after this. */
const attractPrefsResetMs = 120_000;

/** Which screen shows follows the session the services hold, never local guesses. Everything
 *  below is keyed by the session's id: when a session ends (idle, card removed, finished) the whole
 *  tree of that person's screens is unmounted, so no copy of a name or anything typed survives in
 *  component state. */
function SessionScreens({
  session,
  health,
  thanks,
  onRated,
}: {
  session: SessionView | null;
  health: HealthSnapshot | null;
  thanks: boolean;
  onRated: () => void;
}) {
  const { api } = useKiosk();
  // Removal is shown for the session it happened in; a new card starts a new session and clears it.
  const [removed, setRemoved] = useState<{ sessionId: string | null } | null>(null);
  useEffect(() => api.on('idcard:removed', () => setRemoved({ sessionId: null })), [api]);
  if (session?.id && session.stage === 'no-card') return <NoCardScreen key={session.id} />;
  // A person without a card who typed their identity has a flow but no card.
  if (!session || !session.id || session.stage === 'attract' || (!session.card && !session.flow)) {
    if (removed) setRemoved(null);
    return health && requiredDeviceDown(health) ? (
      <OutOfServiceScreen health={health} />
    ) : (
      <AttractScreen health={health} thanks={thanks} />
    );
  }
  if (removed && removed.sessionId === null) setRemoved({ sessionId: session.id });
  const cardRemoved = removed !== null && (removed.sessionId === null || removed.sessionId === session.id);
  return <Fragment key={session.id}>{personScreen(session, cardRemoved, onRated)}</Fragment>;
}

function personScreen(session: SessionView, cardRemoved: boolean, onRated: () => void) {
  const flow = session.flow;
  if (session.stage === 'evaluation') return <EvaluationScreen onRated={onRated} />;
  if (flow && session.stage === 'form') return <FormScreen flow={flow} />;
  if (flow && session.stage === 'materials') return <MaterialsScreen flow={flow} />;
  if (flow?.result && session.stage === 'outcome') return <OutcomeScreen flow={flow} />;
  if (flow?.printed && session.stage === 'done')
    return <DoneScreen flow={flow} hasCard={session.cardOnReader ?? !!session.card} />;
  // The first question after the card: for myself, or for someone else.
  if (session.stage === 'identified' && session.card && !flow?.whom) return <WhomScreen session={session} />;
  if (flow && session.stage === 'applicant') return <ApplicantScreen flow={flow} />;
  return <ItemsScreen session={session} cardRemoved={cardRemoved} />;
}

/** The screen a help call names, so the desk knows where the person got stuck. */
function helpScreenOf(session: SessionView): HelpScreen {
  switch (session.stage) {
    case 'attract':
    case 'identified':
      return session.stage === 'attract' ? 'attract' : 'items';
    default:
      return session.stage;
  }
}

/** Tells the services the person is still there: on every tap or key, at most every couple of
 *  seconds, and at once while the countdown shows. Also resets the person's choices (mode,
 *  contrast, sound, language) when their session ends. */
function useActivity(session: SessionView | null) {
  const { api, info } = useKiosk();
  const { locale, setLocale } = useI18n();
  const prefs = usePreferences();
  const lastTouch = useRef(0);
  const state = useRef({ session, elderly: prefs.elderly, locale });
  useEffect(() => {
    state.current = { session, elderly: prefs.elderly, locale };
  }, [session, prefs.elderly, locale]);
  const sessionId = session?.id ?? null;
  const previousId = useRef<string | null>(null);

  const touch = useCallback(
    (force = false) => {
      const current = state.current.session;
      if (!current?.id) return;
      const now = Date.now();
      if (!force && !current.countdown && now - lastTouch.current < touchEveryMs) return;
      lastTouch.current = now;
      void api.invoke('session:touch', { elderly: state.current.elderly, locale: state.current.locale });
    },
    [api],
  );

  useEffect(() => {
    const onActivity = () => touch();
    window.addEventListener('pointerdown', onActivity, { capture: true });
    window.addEventListener('keydown', onActivity, { capture: true });
    return () => {
      window.removeEventListener('pointerdown', onActivity, { capture: true });
      window.removeEventListener('keydown', onActivity, { capture: true });
    };
  }, [touch]);

  // A new session learns at once whether the person chose elderly mode (for its time limit) and
  // which language they read (their paper is printed in it); so does a session whose person
  // switches either. The ref is updated in the effect above, which runs first.
  useEffect(() => {
    if (sessionId) touch(true);
  }, [sessionId, prefs.elderly, locale, touch]);

  const { reset } = prefs;
  useEffect(() => {
    if (previousId.current && !sessionId) {
      reset();
      setLocale(info.locale);
    }
    previousId.current = sessionId;
  }, [sessionId, reset, setLocale, info.locale]);

  // At the attract screen nobody's session times out, so choices left behind are undone here.
  const changed = prefs.elderly || prefs.contrast || prefs.muted;
  useEffect(() => {
    if (sessionId || !changed) return;
    let timer = window.setTimeout(expire, attractPrefsResetMs);
    function expire() {
      reset();
      setLocale(info.locale);
    }
    const restart = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(expire, attractPrefsResetMs);
    };
    window.addEventListener('pointerdown', restart, { capture: true });
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('pointerdown', restart, { capture: true });
    };
  }, [sessionId, changed, reset, setLocale, info.locale]);

  return touch;
}

function Screens() {
  const { api, info } = useKiosk();
  const { t } = useI18n();
  const [notice, setNotice] = useState<string | null>(null);
  const [staffOpen, setStaffOpen] = useState(false);
  // The technician's screen: a role apart from the staff desk, reached from its own corner button.
  const [maintOpen, setMaintOpen] = useState(false);
  const [thanks, setThanks] = useState(false);
  const openStaff = useCallback(() => setStaffOpen(true), []);
  const closeStaff = useCallback(() => setStaffOpen(false), []);
  const openMaintenance = useCallback(() => setMaintOpen(true), []);
  const health = useLiveValue('system:health', async () => {
    const reply = await api.invoke('system:getHealth', {});
    return reply.ok ? reply.value : null;
  });
  const session = useLiveValue('session:changed', async () => {
    const reply = await api.invoke('session:get', {});
    return reply.ok ? reply.value : null;
  });
  const touch = useActivity(session);
  useEffect(() => {
    if (!thanks) return;
    const timer = window.setTimeout(() => setThanks(false), 8000);
    return () => window.clearTimeout(timer);
  }, [thanks]);

  const recover = useCallback(
    (reset: () => void) => {
      setNotice(t('app.errorRecovered'));
      void api.invoke('session:end', { reason: 'error' });
      reset();
    },
    [api, t],
  );

  const citizenScreens = !staffOpen && !maintOpen;
  return (
    <div className="app-frame">
      <div className="app-top">
        {citizenScreens && <StableMaintenanceEntry onOpen={openMaintenance} />}
        <StableAccessBar />
      </div>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <StableFaultBanner />
      <div className="app-main" data-testid="app-main">
        {maintOpen ? (
          <MaintenanceScreen onClose={() => setMaintOpen(false)} />
        ) : staffOpen ? (
          <StaffDesk onClose={closeStaff} citizenSessionId={session?.id ?? null} />
        ) : (
          <ErrorBoundary fallback={(reset) => <Fallback onReady={() => recover(reset)} health={health} />}>
            <SessionScreens
              session={session}
              health={health}
              thanks={thanks}
              onRated={() => setThanks(true)}
            />
          </ErrorBoundary>
        )}
      </div>
      {/* Reserved space: the entries for staff and the developer panel never lie over a screen. */}
      <footer className="corner-strip" data-testid="corner-strip">
        {info.devPanel && <StableDevPanel />}
        <div className="corner-strip-end">
          {citizenScreens && session?.id && session.stage !== 'no-card' && (
            // Keyed by session: a new person starts with no call of the previous one on screen.
            <HelpButton key={session.id} screen={helpScreenOf(session)} />
          )}
          {citizenScreens && <StableStaffEntry onOpen={openStaff} />}
        </div>
      </footer>
      {!staffOpen && session?.id && session.countdown && (
        <IdleCountdown seconds={session.countdown.seconds} onContinue={() => touch(true)} />
      )}
    </div>
  );
}

// The chrome around the screens does not change when the session does: skipping its re-render
// is what lets a card's greeting appear as soon as the reader's bytes are in.
const StableAccessBar = memo(AccessBar);
const StableFaultBanner = memo(FaultBanner);
const StableStaffEntry = memo(StaffEntry);
const StableMaintenanceEntry = memo(MaintenanceEntry);
const StableDevPanel = memo(DevPanel);

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
      const reply = await api.invoke('system:getInfo', {});
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
        <PreferencesProvider>
          <SpeechProvider>
            {!up && <Disconnected />}
            <Screens />
          </SpeechProvider>
        </PreferencesProvider>
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
