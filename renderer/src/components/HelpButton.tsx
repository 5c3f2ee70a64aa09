// 「呼叫工作人员」 for the person at the kiosk. What it says afterwards is only ever true: "staff
// are coming" when a signed-in desk has the call (and then "answered" when it is), otherwise that
// nobody is on duty, with the hotline and, at night, when the hall opens again.
import { useEffect, useState } from 'react';
import type { HelpCallReply, HelpCallStatus, HelpScreen } from '../../../common/help.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useSpokenAlert } from '../speech/speech.tsx';
import { useAction } from '../use-request.ts';

export function HelpButton({ screen, big = false }: { screen: HelpScreen; big?: boolean }) {
  const { api } = useKiosk();
  const { t, tk } = useI18n();
  const [reply, setReply] = useState<HelpCallReply | null>(null);
  const [status, setStatus] = useState<HelpCallStatus>('open');
  const call = useAction(() => api.invoke('help:call', { screen }));
  const callId = reply?.call.id ?? null;

  useEffect(() => {
    if (!callId) return;
    return api.on('help:changed', (changed) => {
      if (changed.id === callId) setStatus(changed.status);
    });
  }, [api, callId]);

  const message = reply
    ? helpMessage(reply, status, t)
    : call.error
      ? tk(call.error.key ?? 'error.generic')
      : null;
  useSpokenAlert(message ? `help.${reply?.reason ?? 'error'}.${status}` : null, message);

  return (
    <div className={big ? 'help-call-box help-call-box-big' : 'help-call-box'}>
      <button
        type="button"
        className={big ? 'button-primary big-action' : 'help-entry'}
        data-testid={big ? 'call-staff' : 'help-entry'}
        disabled={call.busy}
        onClick={async () => {
          const value = await call.run();
          if (value) {
            setReply(value);
            setStatus(value.call.status);
          }
        }}
      >
        {call.busy ? t('help.calling') : t('help.call')}
      </button>
      {message && (
        <p
          className={reply?.reached ? 'notice help-status' : 'banner banner-warning help-status'}
          role={reply?.reached ? 'status' : 'alert'}
          data-testid={reply?.reached ? 'staff-called' : 'help-unreached'}
          data-reason={reply?.reason ?? 'error'}
          data-status={status}
        >
          {message}
        </p>
      )}
    </div>
  );
}

export function helpMessage(
  reply: HelpCallReply,
  status: HelpCallStatus,
  t: ReturnType<typeof useI18n>['t'],
): string {
  if (reply.reached) {
    if (status === 'answered') return t('help.answered');
    if (status === 'closed') return t('help.closed');
    return t('help.reached');
  }
  if (reply.reason === 'after-hours')
    return reply.nextOpening
      ? t('help.afterHours', {
          hotline: reply.hotline,
          day: reply.nextOpening.day,
          from: reply.nextOpening.from,
        })
      : t('help.afterHoursNoNext', { hotline: reply.hotline });
  return t('help.noDesk', { hotline: reply.hotline });
}
