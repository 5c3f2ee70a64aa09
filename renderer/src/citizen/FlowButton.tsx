import type { ReactNode } from 'react';
import type { RequestArgs } from '../../../common/contract.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import type { useFlowAction } from './use-flow.ts';

type Run = ReturnType<typeof useFlowAction>['run'];

/** A citizen screen's action button in the primary or secondary style: never a form submit, and
 *  what it starts is not awaited by the tap (errors come back through useFlowAction). Screens pass
 *  `disabled={busy}` where a second tap during a request would send it twice. */
export function FlowButton({
  kind,
  testId,
  disabled,
  onClick,
  children,
}: {
  kind: 'primary' | 'secondary';
  testId?: string;
  disabled?: boolean;
  onClick: () => unknown;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`button-${kind}`}
      data-testid={testId}
      disabled={disabled}
      onClick={() => void onClick()}
    >
      {children}
    </button>
  );
}

/** 「返回」 to an earlier stage of the flow; what was typed stays (it lives in the session). */
export function BackButton({ run, stage }: { run: Run; stage: RequestArgs<'flow:goto'>['stage'] }) {
  const { t } = useI18n();
  return (
    <FlowButton kind="secondary" testId="back" onClick={() => run('flow:goto', { stage })}>
      {t('flow.back')}
    </FlowButton>
  );
}

/** Ends the session at the person's request, from the screens before a case is under way. */
export function EndSessionButton() {
  const { t } = useI18n();
  const { api } = useKiosk();
  return (
    <FlowButton kind="secondary" onClick={() => api.invoke('session:end', { reason: 'user' })}>
      {t('session.end')}
    </FlowButton>
  );
}
