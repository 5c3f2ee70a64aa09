// A button that cannot act yet looks it (dashed, greyed, aria-disabled) and, when tapped anyway,
// says why — instead of a `disabled` button that silently swallows the tap. For example
// 「签署承诺并取号」 tapped before the promise is ticked says 「请先阅读并勾选承诺」.
import { useState, type ReactNode } from 'react';
import { useSpokenAlert } from '../speech/speech.tsx';

export function GuardedButton({
  blockedReason,
  onClick,
  className = 'button-primary',
  testId,
  type = 'button',
  children,
}: {
  /** Why the button cannot act now; null or undefined when it can. */
  blockedReason?: string | null;
  onClick: () => void;
  className?: string;
  testId?: string;
  type?: 'button' | 'submit';
  children: ReactNode;
}) {
  const [asked, setWhy] = useState<string | null>(null);
  const blocked = !!blockedReason;
  // Once the reason is gone (the box is ticked), so is the sentence.
  const why = blocked ? asked : null;
  useSpokenAlert(why ? `guarded.${testId ?? 'button'}` : null, why);
  return (
    <>
      <button
        type={blocked ? 'button' : type}
        className={className}
        data-testid={testId}
        aria-disabled={blocked || undefined}
        aria-describedby={why && testId ? `${testId}-why` : undefined}
        onClick={(event) => {
          if (blocked) {
            event.preventDefault();
            setWhy(blockedReason ?? null);
            return;
          }
          onClick();
        }}
      >
        {children}
      </button>
      {why && (
        <p
          className="field-error guarded-why"
          role="alert"
          id={testId ? `${testId}-why` : undefined}
          data-testid={testId ? `${testId}-why` : undefined}
        >
          {why}
        </p>
      )}
    </>
  );
}
