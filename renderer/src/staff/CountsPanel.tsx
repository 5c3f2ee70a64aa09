import type { QueueCountsView } from '../../../common/queue.ts';
import { useI18n } from '../i18n/index.tsx';

/** Today's counts per business line, and the daily summary on paper. */
export function CountsPanel({
  counts,
  busy,
  onSummary,
}: {
  counts: QueueCountsView | null;
  busy: boolean;
  onSummary: () => void;
}) {
  const { t, locale } = useI18n();
  return (
    <section className="staff-panel">
      <h2>{t('staff.counts')}</h2>
      {counts && (
        <table className="staff-table" data-testid="staff-counts">
          <thead>
            <tr>
              <th>{t('staff.col.line')}</th>
              <th>{t('staff.col.issued')}</th>
              <th>{t('staff.col.waiting')}</th>
              <th>{t('staff.col.served')}</th>
              <th>{t('staff.col.voided')}</th>
              <th>{t('staff.col.vouchers')}</th>
            </tr>
          </thead>
          <tbody>
            {counts.lines.map((line) => (
              <tr key={line.lineId} data-testid={`staff-count-${line.lineId}`}>
                <td>
                  {line.prefix} {line.name[locale]}
                </td>
                <td>{line.issued}</td>
                <td>{line.waiting}</td>
                <td>{line.served}</td>
                <td>{line.voided}</td>
                <td>{line.vouchers}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button
        type="button"
        className="button-secondary"
        data-testid="staff-summary"
        disabled={busy}
        onClick={onSummary}
      >
        {t('staff.printSummary')}
      </button>
    </section>
  );
}
