import { useI18n } from '../i18n/index.tsx';

/** A discreet button in the reserved corner strip: staff know it is there, citizens ignore it. It
 *  has its own space, so it never lies over a citizen's button. */
export function StaffEntry({ onOpen }: { onOpen: () => void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="staff-entry" data-testid="staff-entry" onClick={onOpen}>
      {t('staff.entry')}
    </button>
  );
}
