// The help calls as the staff desk and the maintenance screen see them: shown the moment a call is
// made (the event), with a chime; answered and closed at the desk. The desk's poll is also how the
// services know a desk is listening — without it no citizen is told that staff are coming.
import { useEffect } from 'react';
import type { HelpCallView } from '../../../common/help.ts';
import type { ApiError } from '../../../common/result.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useAction, useRequest } from '../use-request.ts';
import { chime } from './chime.ts';
import { useHallClock } from './hall-time.ts';

/** Often enough that a desk that went away stops counting within the services' 15 s. */
const listenEveryMs = 4000;

export function HelpCalls({
  token,
  role,
  onError,
}: {
  token: string;
  role: 'desk' | 'maintenance';
  onError?: (error: ApiError) => void;
}) {
  const { api } = useKiosk();
  const { t, tk } = useI18n();
  const { formatTime } = useHallClock();
  const calls = useRequest(
    () => (role === 'desk' ? api.invoke('help:list', { token }) : api.invoke('help:observe', { token })),
    [token, role],
    {
      pollMs: listenEveryMs,
      onError,
    },
  );
  const { reload } = calls;
  useEffect(() => {
    const offCalled = api.on('help:called', () => {
      chime();
      reload();
    });
    const offChanged = api.on('help:changed', () => reload());
    return () => {
      offCalled();
      offChanged();
    };
  }, [api, reload]);
  const answer = useAction((id: string) => api.invoke('help:answer', { token, id }), onError);
  const close = useAction((id: string) => api.invoke('help:close', { token, id }), onError);

  const list = calls.value ?? [];
  const open = list.filter((call) => call.status !== 'closed');
  return (
    <section
      className={open.length > 0 ? 'staff-panel help-calls help-calls-open' : 'staff-panel help-calls'}
      data-testid="help-calls"
      data-open={open.length}
      aria-live="assertive"
    >
      <h2>{role === 'desk' ? t('help.desk.title') : t('help.desk.titleMaintenance')}</h2>
      {list.length === 0 ? (
        <p>{t('help.desk.none')}</p>
      ) : (
        <ul className="help-call-list">
          {list.map((call) => (
            <li
              key={call.id}
              className={`help-call help-call-${call.status}`}
              data-testid={`help-call-${call.status}`}
            >
              <p className="help-call-what">
                <strong>{statusText(call, t)}</strong>{' '}
                {t('help.desk.call', {
                  kiosk: call.kioskId,
                  time: formatTime(call.at),
                  screen: tk(`help.screen.${call.screen}`),
                })}
              </p>
              {call.about?.reason === 'slip-cut-short' && (
                // The kiosk called on its own: which slip waits, so the desk changes the paper and
                // reprints that one (the reprint list below has it under this number).
                <p className="help-call-about" data-testid="help-call-slip">
                  {t('help.desk.slipCutShort', {
                    kind: tk(`staff.paper.kind.${call.about.paperKind}`),
                    reference: call.about.reference ?? '—',
                  })}
                </p>
              )}
              {role === 'desk' && call.status !== 'closed' && (
                <div className="staff-actions">
                  {call.status === 'open' && (
                    <button
                      type="button"
                      className="button-primary"
                      data-testid="help-answer"
                      disabled={answer.busy}
                      onClick={async () => {
                        await answer.run(call.id);
                        reload();
                      }}
                    >
                      {t('help.desk.answer')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button-secondary"
                    data-testid="help-close"
                    disabled={close.busy}
                    onClick={async () => {
                      await close.run(call.id);
                      reload();
                    }}
                  >
                    {t('help.desk.close')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function statusText(call: HelpCallView, t: ReturnType<typeof useI18n>['t']): string {
  if (call.status === 'open') return t('help.status.open');
  if (call.status === 'answered') return t('help.status.answered', { staff: call.answeredBy ?? '' });
  return t('help.status.closed');
}
