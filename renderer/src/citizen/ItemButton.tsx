import type { ReactNode } from 'react';
import type { ItemSummary, Localized } from '../../../common/citizen.ts';
import { useI18n } from '../i18n/index.tsx';
import { useLocalized } from './use-flow.ts';

/** One service item as a button: on the "for whom" screen (its name: "for myself" and the item in
 *  one tap) and on the item list (with its department, and why it does not apply to this person). */
export function ItemButton({
  item,
  testId,
  className,
  disabled,
  detail = false,
  unavailable = null,
  onChoose,
}: {
  item: ItemSummary;
  testId: string;
  className: string;
  disabled?: boolean;
  /** The item list's fuller button: the department under the name. */
  detail?: boolean;
  /** Why the item does not apply to this applicant, said on the button (null: it may apply). */
  unavailable?: Localized | null;
  onChoose: () => void;
}): ReactNode {
  const { t } = useI18n();
  const loc = useLocalized();
  return (
    <button
      type="button"
      className={unavailable ? `${className} item-unavailable` : className}
      data-testid={testId}
      data-unavailable={unavailable ? 'true' : undefined}
      aria-describedby={unavailable ? `why-${item.code}` : undefined}
      disabled={disabled}
      onClick={onChoose}
    >
      {detail ? <span className="item-name">{loc(item.name)}</span> : loc(item.name)}
      {detail && <span className="item-department">{loc(item.department)}</span>}
      {unavailable && (
        <span className="item-why" id={`why-${item.code}`} data-testid={`item-why-${item.code}`}>
          {t('items.unavailable')} {loc(unavailable)}
        </span>
      )}
    </button>
  );
}
