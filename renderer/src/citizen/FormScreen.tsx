import { useState } from 'react';
import type { FieldView, FlowView } from '../../../common/citizen.ts';
import { Keypad } from '../components/Keypad.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useGuidance } from '../speech/speech.tsx';
import { BackButton, FlowButton } from './FlowButton.tsx';
import { useFlowAction, useLocalized } from './use-flow.ts';
import './citizen-flow.css';

type Run = ReturnType<typeof useFlowAction>['run'];

/** Who the case is for: the applicant (never the agent's card), and how the agent acts for them. */
function ApplicantPanel({ flow, run }: { flow: FlowView; run: Run }) {
  const { t } = useI18n();
  const applicant = flow.applicant;
  if (!applicant) return null;
  const roles =
    applicant.kind === 'company'
      ? (['representative', 'entrusted'] as const)
      : applicant.minor
        ? (['guardian', 'entrusted'] as const)
        : null;
  return (
    <section className="applicant-panel" data-testid="applicant-panel">
      <p className="applicant-summary" data-testid="applicant-summary">
        {t(applicant.identity === 'typed' ? 'applicant.summaryTyped' : 'applicant.summary', {
          name: applicant.name,
          id: applicant.id,
        })}
      </p>
      {flow.agentCard && (
        <p className="applicant-agent" data-testid="agent-card">
          {t('applicant.agent', { name: flow.agentCard.name, number: flow.agentCard.maskedIdNumber })}
        </p>
      )}
      {flow.agent && roles && (
        <div className="agent-role">
          <span id="agent-role-label">{t('applicant.role')}</span>
          <div className="chips" role="radiogroup" aria-labelledby="agent-role-label">
            {roles.map((role) => (
              <button
                key={role}
                type="button"
                role="radio"
                aria-checked={flow.agentRole === role}
                data-testid={`agent-role-${role}`}
                onClick={() => void run('flow:setAgentRole', { role })}
              >
                {t(`applicant.role.${role}`)}
              </button>
            ))}
          </div>
        </div>
      )}
      {flow.agent && (
        <FlowButton
          kind="secondary"
          testId="applicant-change"
          onClick={() => run('flow:goto', { stage: 'applicant' })}
        >
          {t('applicant.change')}
        </FlowButton>
      )}
    </section>
  );
}

/** The card's address named no district: the citizen says where their 户籍 is (never guessed). */
function RegistrationQuestion({ flow, run }: { flow: FlowView; run: Run }) {
  const { t } = useI18n();
  const choices = flow.registrationChoices!;
  const groups = [
    ['hallCity', choices.hallCity],
    ['otherCities', choices.otherCities],
    ['provinces', choices.provinces],
  ] as const;
  return (
    <section
      className="registration"
      data-testid="registration-question"
      aria-labelledby="registration-title"
    >
      <h2 id="registration-title">{t('registration.title')}</h2>
      <p role="alert">{t('registration.lead')}</p>
      {groups
        .filter(([, list]) => list.length > 0)
        .map(([group, list]) => (
          <div key={group}>
            <h3 id={`registration-${group}`}>{t(`registration.${group}`)}</h3>
            <div className="chips" role="group" aria-labelledby={`registration-${group}`}>
              {list.map((choice) => (
                <button
                  key={choice.code}
                  type="button"
                  data-testid={`registration-${choice.code}`}
                  onClick={() => void run('flow:declareRegistration', { code: choice.code })}
                >
                  {choice.name}
                </button>
              ))}
            </div>
          </div>
        ))}
    </section>
  );
}

/** The form, filled from the card: the person only adds what the card cannot know, checked as
 *  they type. Going back keeps everything typed (it lives in the session, not on this screen). */
export function FormScreen({ flow }: { flow: FlowView }) {
  const { t } = useI18n();
  const loc = useLocalized();
  const { run, error, busy } = useFlowAction();
  // The field the keypad types into: the last one touched. It stays open when the person then taps
  // a choice or "next" — closing it on blur would move the buttons under their finger mid-tap.
  const [keypadField, setKeypadField] = useState<string | null>(null);
  useGuidance('guide.form');
  return (
    <main className="flow-screen" data-testid="form-screen">
      <p className="flow-step">{t('flow.step', { step: 1, total: 3 })}</p>
      <h1 className="flow-title">{loc(flow.itemName)}</h1>
      <ApplicantPanel flow={flow} run={run} />
      {flow.registrationChoices && <RegistrationQuestion flow={flow} run={run} />}
      {flow.registration && !flow.registrationChoices && (
        <p className="registration-current" data-testid="registration">
          {t('registration.current', { place: flow.registration.label })}
        </p>
      )}
      {error && (
        <p className="banner banner-fault-inline" role="alert">
          {error}
        </p>
      )}
      <div className="form-fields">
        {flow.fields.map((field) => (
          <Field
            key={field.id}
            field={field}
            keypadOpen={keypadField === field.id}
            onFocus={() => setKeypadField(field.id)}
            onChange={(value) => void run('flow:setField', { fieldId: field.id, value })}
          />
        ))}
      </div>
      {flow.materials.length > 0 && (
        // What to have at hand, named here: a person who has it all says so in one tap and goes
        // straight to the review; anyone missing something answers one by one on the next screen.
        <section
          className="form-materials"
          aria-labelledby="form-materials-title"
          data-testid="form-materials"
        >
          <h2 id="form-materials-title">{t('form.materialsTitle')}</h2>
          <ol>
            {flow.materials.map((material) => (
              <li key={material.id}>{loc(material.name)}</li>
            ))}
          </ol>
        </section>
      )}
      <div className="actions">
        <BackButton run={run} stage="identified" />
        {flow.materials.length > 0 && (
          <FlowButton
            kind="secondary"
            testId="next"
            disabled={busy}
            onClick={() => run('flow:goto', { stage: 'materials' })}
          >
            {t('form.oneByOne')}
          </FlowButton>
        )}
        <FlowButton
          kind="primary"
          testId="form-all-have"
          disabled={busy}
          onClick={() => run('flow:review', { allHave: true })}
        >
          {/* Nothing left to ask (the card proves what is needed): the review is the next step. */}
          {t(flow.materials.length > 0 ? 'materials.allHave' : 'materials.review')}
        </FlowButton>
      </div>
    </main>
  );
}

const numericKeypads: Record<string, { maxLength: number; extraKey?: '.' } | undefined> = {
  mobile: { maxLength: 11 },
  integer: { maxLength: 9 },
  amount: { maxLength: 12, extraKey: '.' },
  measure: { maxLength: 12, extraKey: '.' },
};

function Field({
  field,
  keypadOpen,
  onFocus,
  onChange,
}: {
  field: FieldView;
  keypadOpen: boolean;
  onFocus: () => void;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  const loc = useLocalized();
  // Typing stays local and instant; each change is sent on, and the server's verdict shown. A number
  // offered from earlier in the session arrives masked: it is never the starting point for typing.
  const [typed, setValue] = useState(field.offered ? '' : field.display);
  // What is filled in already is always shown as the session has it (masked where it must be).
  const value = field.readOnly || field.offered ? field.display : typed;
  const id = `field-${field.id}`;
  const errorId = `${id}-error`;
  const labelId = `${id}-label`;
  // Numbers are typed on the on-screen keypad, shown under the field last touched.
  const numeric = numericKeypads[field.type];
  const type = (next: string) => {
    setValue(next);
    onChange(next);
  };
  return (
    <div className={`field${field.error ? ' field-invalid' : ''}`} data-testid={id}>
      <label htmlFor={field.options ? undefined : id} id={labelId}>
        {loc(field.label)}
        {field.required && <span className="required"> {t('form.required')}</span>}
        {field.fromCard && (
          <span className="from-card" data-testid={`${id}-from-card`}>
            {' '}
            {t('form.fromCard')}
          </span>
        )}
        {field.offered && (
          <span className="from-card" data-testid={`${id}-offered`}>
            {' '}
            {t('form.offered')}
          </span>
        )}
      </label>
      {field.options ? (
        <div
          className="chips"
          role="radiogroup"
          aria-labelledby={labelId}
          aria-describedby={field.error ? errorId : undefined}
        >
          {field.options.map((option) => (
            <button
              key={option.value}
              type="button"
              role="radio"
              aria-checked={value === option.value}
              disabled={field.readOnly}
              onClick={() => {
                setValue(option.value);
                onChange(option.value);
              }}
            >
              {loc(option.label)}
            </button>
          ))}
        </div>
      ) : (
        // A measure shows its unit right after the number (「平方米」, 「m²」).
        <div className={field.unit ? 'field-measure' : 'field-plain'}>
          <input
            id={id}
            value={value}
            readOnly={field.readOnly || field.offered}
            inputMode={numeric?.extraKey ? 'decimal' : numeric ? 'numeric' : undefined}
            aria-invalid={field.error ? true : undefined}
            aria-describedby={field.error ? errorId : undefined}
            onFocus={onFocus}
            onChange={(event) => type(event.target.value)}
          />
          {field.unit && (
            <span className="field-unit" data-testid={`${id}-unit`}>
              {loc(field.unit)}
            </span>
          )}
        </div>
      )}
      {field.offered && (
        <button
          type="button"
          className="button-secondary"
          data-testid={`${id}-retype`}
          onClick={() => {
            onFocus();
            type('');
          }}
        >
          {t('form.retype')}
        </button>
      )}
      {field.hint && !field.error && <p className="hint">{loc(field.hint)}</p>}
      {field.error && (
        <p className="field-error" id={errorId} role="alert">
          {loc(field.error)}
        </p>
      )}
      {numeric && keypadOpen && !field.readOnly && !field.offered && (
        <Keypad
          value={value}
          onChange={type}
          maxLength={numeric.maxLength}
          {...(numeric.extraKey ? { extraKey: numeric.extraKey } : {})}
          label={loc(field.label)}
          testId={`${id}-keypad`}
        />
      )}
    </div>
  );
}
