import { useCallback, useEffect, useState } from 'react';
import type { StaffSessionView } from '../../../common/queue.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { DeskHome } from './DeskHome.tsx';
import { StaffLogin } from './StaffLogin.tsx';
import './staff.css';

/** The sign-in page gives the kiosk back to citizens after this long untouched. */
export const loginIdleMs = 60_000;

/** The staff desk. Never a dead end for the kiosk: when the desk logs itself out, when its sign-in
 *  page is left untouched, or when a citizen's card starts a session while nobody is signed in, the
 *  kiosk goes back to the citizen screens instead of hiding that session behind a login page. */
export function StaffDesk({
  onClose,
  citizenSessionId,
}: {
  onClose: () => void;
  /** The citizen session the services hold now (the kiosk's screen follows it). */
  citizenSessionId: string | null;
}) {
  const [session, setSession] = useState<StaffSessionView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { api } = useKiosk();
  const { t } = useI18n();

  // The service logs an idle desk out; the screen follows at the same moment, back to the citizens.
  useEffect(() => {
    if (!session) return;
    const timer = window.setTimeout(onClose, Math.max(0, session.expiresAt - Date.now()));
    return () => window.clearTimeout(timer);
  }, [session, onClose]);

  // A card placed while nobody is signed in is a citizen's: show them their screen.
  const citizenId = citizenSessionId;
  const [citizenAtOpen] = useState(citizenId);
  useEffect(() => {
    if (!session && citizenId && citizenId !== citizenAtOpen) onClose();
  }, [session, citizenId, citizenAtOpen, onClose]);

  // An untouched sign-in page hands the kiosk back.
  useEffect(() => {
    if (session) return;
    let timer = window.setTimeout(onClose, loginIdleMs);
    const restart = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(onClose, loginIdleMs);
    };
    window.addEventListener('pointerdown', restart, { capture: true });
    window.addEventListener('keydown', restart, { capture: true });
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('pointerdown', restart, { capture: true });
      window.removeEventListener('keydown', restart, { capture: true });
    };
  }, [session, onClose]);

  const loggedOut = useCallback((message: string) => {
    setSession(null);
    setNotice(message);
  }, []);

  const logout = useCallback(async () => {
    if (session) await api.invoke('staff:logout', { token: session.token });
    setSession(null);
    onClose();
  }, [api, session, onClose]);

  return (
    <main className="staff-desk" data-testid="staff-desk">
      <header className="staff-header">
        <h1>{t('staff.title')}</h1>
        {session ? (
          <span className="staff-who" data-testid="staff-who">
            {t('staff.loggedInAs', { id: session.staffId })}
          </span>
        ) : null}
        <button
          type="button"
          className="button-secondary"
          data-testid="staff-close"
          onClick={() => void logout()}
        >
          {session ? t('staff.logout') : t('staff.back')}
        </button>
      </header>
      {notice && (
        <p className="staff-notice" role="status" data-testid="staff-notice">
          {notice}
        </p>
      )}
      {session ? (
        <DeskHome session={session} onSession={setSession} onLoggedOut={loggedOut} />
      ) : (
        <StaffLogin
          onLogin={(next) => {
            setNotice(null);
            setSession(next);
          }}
        />
      )}
    </main>
  );
}
