// 好差评: five levels, one tap each; the two lowest ask what went wrong. The rating is stored with
// the case's reference only, nothing about the person.
import { useState } from 'react';
import {
  evaluationLevels,
  evaluationNeedsReason,
  evaluationReasons,
  type EvaluationReason,
} from '../../../common/hall.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useGuidance, useSpokenAlert } from '../speech/speech.tsx';

export function EvaluationScreen({ onRated }: { onRated: () => void }) {
  const { api } = useKiosk();
  const { t, tk } = useI18n();
  const [level, setLevel] = useState<number | null>(null);
  const [reasons, setReasons] = useState<EvaluationReason[]>([]);
  const [errorKey, setErrorKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useGuidance('guide.evaluation');
  useSpokenAlert(errorKey, errorKey ? tk(errorKey) : null);
  const needsReason = level !== null && evaluationNeedsReason(level);

  const submit = async () => {
    if (level === null) return setErrorKey('evaluation.chooseLevel');
    if (needsReason && reasons.length === 0) return setErrorKey('evaluation.reasonNeeded');
    setBusy(true);
    const reply = await api.invoke('evaluation:submit', {
      rating: level,
      reasons: needsReason ? reasons : [],
    });
    setBusy(false);
    if (reply.ok) onRated();
    else setErrorKey(reply.error.key ?? `error.${reply.error.code}`);
  };

  return (
    <main className="flow-screen evaluation" data-testid="evaluation-screen">
      <h1 className="flow-title">{t('evaluation.title')}</h1>
      <p className="flow-lead">{t('evaluation.lead')}</p>
      <div className="levels" role="radiogroup" aria-label={t('evaluation.levels')}>
        {evaluationLevels.map((value) => (
          <button
            key={value}
            type="button"
            role="radio"
            className={`level level-${value}`}
            aria-checked={level === value}
            data-testid={`rating-${value}`}
            onClick={() => {
              setLevel(value);
              setErrorKey(null);
            }}
          >
            <span className="level-stars" aria-hidden="true">
              {'★'.repeat(value)}
            </span>
            <span>{tk(`evaluation.level.${value}`)}</span>
          </button>
        ))}
      </div>
      {needsReason && (
        <fieldset className="reasons" data-testid="reasons">
          <legend>{t('evaluation.reasonsTitle')}</legend>
          <div className="chips">
            {evaluationReasons.map((reason) => (
              <button
                key={reason}
                type="button"
                aria-pressed={reasons.includes(reason)}
                data-testid={`reason-${reason}`}
                onClick={() => {
                  setErrorKey(null);
                  setReasons((now) =>
                    now.includes(reason) ? now.filter((item) => item !== reason) : [...now, reason],
                  );
                }}
              >
                {tk(`evaluation.reason.${reason}`)}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      {errorKey && (
        <p className="banner banner-fault-inline" role="alert" data-testid="evaluation-error">
          {tk(errorKey)}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          data-testid="evaluation-skip"
          onClick={() => void api.invoke('session:end', { reason: 'user' })}
        >
          {t('evaluation.skip')}
        </button>
        <button
          type="button"
          className="button-primary"
          data-testid="evaluation-submit"
          disabled={busy}
          onClick={() => void submit()}
        >
          {t('evaluation.submit')}
        </button>
      </div>
    </main>
  );
}
