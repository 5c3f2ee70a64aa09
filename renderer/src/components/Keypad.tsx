// The kiosk has a touch screen and no keyboard: numbers (an ID number, a mobile number, a PIN) are
// typed on this keypad. Its keys never take the focus, so the field keeps its caret and a keyboard
// or a scanner plugged in for a member of staff still types into it as well.
import type { MouseEvent, PointerEvent } from 'react';
import { useI18n } from '../i18n/index.tsx';

export interface KeypadProps {
  value: string;
  onChange: (value: string) => void;
  maxLength: number;
  /** The key left of 0: "X" for the check character of an ID number, "." for an amount. */
  extraKey?: 'X' | '.';
  /** Names what the keys type into, for a screen reader ("keypad for: ID number"). */
  label: string;
  testId: string;
  disabled?: boolean;
}

// Both: a touch's compatibility mousedown would otherwise move the focus to the key.
const keepFocus = (event: PointerEvent | MouseEvent) => event.preventDefault();

export function Keypad({
  value,
  onChange,
  maxLength,
  extraKey,
  label,
  testId,
  disabled = false,
}: KeypadProps) {
  const { t } = useI18n();
  // Locked (a desk after too many wrong PINs): every key is off, as the field is.
  const full = disabled || value.length >= maxLength;
  const type = (key: string) => {
    if (!full) onChange(value + key);
  };
  const digit = (key: string) => (
    <button
      key={key}
      type="button"
      className="keypad-key"
      data-testid={`${testId}-${key}`}
      disabled={full}
      onPointerDown={keepFocus}
      onMouseDown={keepFocus}
      onClick={() => type(key)}
    >
      {key}
    </button>
  );
  return (
    <div
      className="keypad"
      role="group"
      aria-label={t('keypad.label', { field: label })}
      data-testid={testId}
    >
      {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(digit)}
      {extraKey ? (
        <button
          type="button"
          className="keypad-key"
          data-testid={`${testId}-extra`}
          // An ID number has its X only as the 18th character; an amount one decimal point.
          disabled={full || (extraKey === '.' ? value.includes('.') : value.length !== maxLength - 1)}
          onPointerDown={keepFocus}
          onMouseDown={keepFocus}
          onClick={() => type(extraKey)}
        >
          {extraKey}
        </button>
      ) : (
        <span aria-hidden="true" />
      )}
      {digit('0')}
      <button
        type="button"
        className="keypad-key keypad-back"
        data-testid={`${testId}-back`}
        aria-label={t('keypad.backspace')}
        disabled={disabled || value === ''}
        onPointerDown={keepFocus}
        onMouseDown={keepFocus}
        onClick={() => onChange(value.slice(0, -1))}
      >
        ⌫
      </button>
      <button
        type="button"
        className="keypad-key keypad-clear"
        data-testid={`${testId}-clear`}
        disabled={disabled || value === ''}
        onPointerDown={keepFocus}
        onMouseDown={keepFocus}
        onClick={() => onChange('')}
      >
        {t('keypad.clear')}
      </button>
    </div>
  );
}
