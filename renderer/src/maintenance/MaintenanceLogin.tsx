import { useState } from 'react';
import type { MaintSessionView } from '../../../common/maintenance.ts';
import { Keypad } from '../components/Keypad.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';

export function MaintenanceLogin({ onLoggedIn }: { onLoggedIn: (session: MaintSessionView) => void }) {
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
