import { useCallback, useState } from 'react';
import type { MaintSessionView } from '../../../common/maintenance.ts';
import type { ApiError } from '../../../common/result.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { MaintenanceLogin } from './MaintenanceLogin.tsx';
import { MaintenancePanel } from './MaintenancePanel.tsx';
import './maintenance.css';

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
