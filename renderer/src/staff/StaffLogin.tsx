import { useState } from 'react';
import type { StaffSessionView } from '../../../common/queue.ts';
import { Keypad } from '../components/Keypad.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useRequest } from '../use-request.ts';

/** Staff id and PIN on the on-screen keypad (a kiosk has no keyboard); says when the desk is locked. */
export function StaffLogin({ onLogin }: { onLogin: (session: StaffSessionView) => void }) {
  const { api } = useKiosk();
  const { t, tk } = useI18n();
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [keypadFor, setKeypadFor] = useState<'id' | 'pin'>('id');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Whether the desk is locked, and how many tries are left: asked at once and after each try.
  const desk = useRequest(() => api.invoke('staff:getDesk', {}), []);

  const submit = async () => {
    setBusy(true);
    const reply = await api.invoke('staff:login', { staffId: staffId.trim(), pin });
    setBusy(false);
    setPin('');
    if (reply.ok) return onLogin(reply.value);
    setError(tk(reply.error.key ?? 'error.generic'));
    desk.reload();
  };

  const locked = desk.value?.locked ?? false;
  return (
    <form
      className="staff-login"
      data-testid="staff-login"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {locked && desk.value?.lockedUntil ? (
        <p className="staff-error" role="alert" data-testid="staff-locked">
          {t('staff.locked', {
            time: new Date(desk.value.lockedUntil).toLocaleTimeString('zh-CN', { hour12: false }),
          })}
        </p>
      ) : null}
      <label>
        {t('staff.staffId')}
        <input
          data-testid="staff-id"
          inputMode="numeric"
          autoComplete="off"
          value={staffId}
          disabled={locked}
          onFocus={() => setKeypadFor('id')}
          onChange={(event) => setStaffId(event.target.value)}
        />
      </label>
      <label>
        {t('staff.pin')}
        <input
          data-testid="staff-pin"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          disabled={locked}
          onFocus={() => setKeypadFor('pin')}
          onChange={(event) => setPin(event.target.value.replace(/\D/g, ''))}
        />
      </label>
      {/* One keypad for both fields: it types into the one last touched. */}
      <Keypad
        {...(keypadFor === 'id'
          ? { value: staffId, onChange: setStaffId, maxLength: 16, label: t('staff.staffId') }
          : { value: pin, onChange: setPin, maxLength: 12, label: t('staff.pin') })}
        testId="staff-keypad"
        disabled={locked}
      />
      {error && !locked && (
        <p className="staff-error" role="alert" data-testid="staff-login-error">
          {error}
          {desk.value && desk.value.failuresLeft > 0
            ? ` ${t('staff.failuresLeft', { count: desk.value.failuresLeft })}`
            : ''}
        </p>
      )}
      <button
        type="submit"
        className="button-primary"
        data-testid="staff-login-submit"
        disabled={locked || busy || staffId.trim() === '' || pin.length < 6}
      >
        {t('staff.login')}
      </button>
    </form>
  );
}
