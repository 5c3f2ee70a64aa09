import { useCallback, useState } from 'react';
import type { Localized } from '../../../common/citizen.ts';
import type { Reply, RequestArgs } from '../../../common/contract.ts';
import type { Result } from '../../../common/result.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useSpokenAlert } from '../speech/speech.tsx';

type FlowChannel =
  | 'flow:chooseItem'
  | 'flow:setWhom'
  | 'flow:setApplicant'
  | 'flow:setAgentRole'
  | 'flow:declareRegistration'
  | 'flow:printBlankForm'
  | 'flow:declineCommitment'
  | 'flow:setField'
  | 'flow:goto'
  | 'flow:setMaterial'
  | 'flow:review'
  | 'flow:confirm';

/** Calls a flow request; the new session arrives as `session:changed`, so only errors matter here. */
export function useFlowAction() {
  const { api } = useKiosk();
  const { tk } = useI18n();
  const [errorKey, setErrorKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const error = errorKey ? tk(errorKey) : null;
  // Every error a flow request brings is read aloud as it appears.
  useSpokenAlert(errorKey, error);
  const run = useCallback(
    async <C extends FlowChannel>(channel: C, args: RequestArgs<C>): Promise<Result<Reply<C>>> => {
      setBusy(true);
      try {
        const reply = await api.invoke(channel, args);
        setErrorKey(reply.ok ? null : (reply.error.key ?? `error.${reply.error.code}`));
        return reply;
      } finally {
        setBusy(false);
      }
    },
    [api],
  );
  return { run, error, errorKey, busy };
}

export function useLocalized(): (text: Localized | null | undefined) => string {
  const { locale } = useI18n();
  return (text) => (text ? text[locale] : '');
}
