import { useState } from 'react';
import type { FieldView, FlowView } from '../../../common/citizen.ts';
import { Keypad } from '../components/Keypad.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useGuidance } from '../speech/speech.tsx';
import { useFlowAction, useLocalized } from './use-flow.ts';

/** The form, filled from the card: the person only adds what the card cannot know, checked as
 *  they type. Going back keeps everything typed (it lives in the session, not on this screen). */
export function FormScreen({ flow }: { flow: FlowView }) {
  const { t } = useI18n();
  const loc = useLocalized();
  const { run, error } = useFlowAction();
  // The field the keypad types into: the last one touched. It stays open when the person then taps
  // a choice or "next" — closing it on blur would move the buttons under their finger mid-tap.
  const [keypadField, setKeypadField] = useState<string | null>(null);
  useGuidance('guide.form');
  return (
    <main className="flow-screen" data-testid="form-screen">
      <p className="flow-step">{t('flow.step', { step: 1, total: 3 })}</p>
      <h1 className="flow-title">{loc(flow.itemName)}</h1>
      <div className="chips" role="group" aria-label={t('form.who')}>
        <button
          type="button"
          aria-pressed={!flow.agent}
          data-testid="self"
          onClick={() => void run('flow:setAgent', { agent: false })}
        >
          {t('form.self')}
        </button>
        <button
          type="button"
          aria-pressed={flow.agent}
          data-testid="agent"
          onClick={() => void run('flow:setAgent', { agent: true })}
        >
          {t('form.agent')}
        </button>
      </div>
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
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          data-testid="back"
          onClick={() => void run('flow:goto', { stage: 'identified' })}
        >
          {t('flow.back')}
        </button>
        <button
          type="button"
          className="button-primary"
          data-testid="next"
          onClick={() => void run('flow:goto', { stage: 'materials' })}
        >
          {t('flow.next')}
        </button>
      </div>
    </main>
  );
}

const numericKeypads: Record<string, { maxLength: number; extraKey?: '.' } | undefined> = {
  mobile: { maxLength: 11 },
  integer: { maxLength: 9 },
  amount: { maxLength: 12, extraKey: '.' },
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
  // Typing stays local and instant; each change is sent on, and the server's verdict shown.
  const [typed, setValue] = useState(field.display);
  // What the card supplied is always shown as the session has it (masked where it must be).
  const value = field.fromCard ? field.display : typed;
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
        {field.fromCard && <span className="from-card"> {t('form.fromCard')}</span>}
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
              disabled={field.fromCard}
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
        <input
          id={id}
          value={value}
          readOnly={field.fromCard}
          inputMode={numeric ? 'numeric' : undefined}
          aria-invalid={field.error ? true : undefined}
          aria-describedby={field.error ? errorId : undefined}
          onFocus={onFocus}
          onChange={(event) => type(event.target.value)}
        />
      )}
      {field.hint && !field.error && <p className="hint">{loc(field.hint)}</p>}
      {field.error && (
        <p className="field-error" id={errorId} role="alert">
          {loc(field.error)}
        </p>
      )}
      {numeric && keypadOpen && !field.fromCard && (
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
