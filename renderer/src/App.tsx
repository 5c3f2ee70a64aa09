import { useCallback, useEffect, useState } from 'react';
import type { KioskApi, SystemInfo } from '../../common/contract.ts';
import type { HealthSnapshot } from '../../common/health.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { I18nProvider, useI18n } from './i18n/index.tsx';
import { KioskContext, useKiosk, useLiveValue } from './kiosk-context.tsx';
import { AttractScreen } from './screens/AttractScreen.tsx';

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

function Screens() {
  const { api } = useKiosk();
  const { t } = useI18n();
  const [notice, setNotice] = useState<string | null>(null);
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
      <ErrorBoundary fallback={(reset) => <Fallback onReady={() => recover(reset)} health={health} />}>
        <AttractScreen health={health} />
      </ErrorBoundary>
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
