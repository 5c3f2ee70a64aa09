// The desk's reprint of the citizen flow's slips (notice, not-accepted notice, commitment, blank
// form): a person whose slip was cut short by the paper, or who lost it, gets a copy marked 补打.
// Queue tickets and vouchers are reprinted from the tickets list above.
import { useEffect, useState } from 'react';
import type { ApiError } from '../../../common/result.ts';
import type { ArchivedPaperView } from '../../../common/queue.ts';
import { useI18n } from '../i18n/index.tsx';
import { useHallClock } from '../components/hall-time.ts';
import { useKiosk } from '../kiosk-context.tsx';

export function PaperReprints({
  token,
  version,
  onFailed,
  onMessage,
}: {
  token: string;
  /** Bumped after every desk action: the list is fetched again. */
  version: number;
  onFailed: (error: ApiError) => void;
  onMessage: (message: { text: string; tone: 'ok' | 'error' }) => void;
}) {
  const { api } = useKiosk();
  const { t, tk } = useI18n();
  const [papers, setPapers] = useState<ArchivedPaperView[]>([]);
  const [fetched, setFetched] = useState(0);

  useEffect(() => {
    let alive = true;
    void api.invoke('staff:listPapers', { token }).then((reply) => {
      if (alive && reply.ok) setPapers(reply.value);
    });
    return () => {
      alive = false;
    };
  }, [api, token, version, fetched]);
  // A slip cut short calls the desk (help:called): the slip it names is in this list at once.
  useEffect(() => api.on('help:called', () => setFetched((value) => value + 1)), [api]);

  const reprint = async (paper: ArchivedPaperView) => {
    const reply = await api.invoke('staff:reprintPaper', { token, paperId: paper.id });
    setFetched((value) => value + 1);
    if (!reply.ok) return onFailed(reply.error);
    const kind = tk(`staff.paper.kind.${paper.kind}`);
    onMessage(
      reply.value.printed
        ? { text: t('staff.paper.reprinted', { kind }), tone: 'ok' }
        : {
            text: `${t('staff.paper.notPrinted', { kind })} ${tk(reply.value.failureKey ?? 'error.generic')}`,
            tone: 'error',
          },
    );
  };

  // The hall's time zone, as on the slip itself.
  const { formatTime: time } = useHallClock();

  return (
    <section className="staff-panel" data-testid="staff-papers">
      <h2>{t('staff.paper.title')}</h2>
      {papers.length === 0 ? (
        <p>{t('staff.paper.none')}</p>
      ) : (
        <table className="staff-table">
          <thead>
            <tr>
              <th>{t('staff.paper.col.kind')}</th>
              <th>{t('staff.paper.col.reference')}</th>
              <th>{t('staff.paper.col.time')}</th>
              <th>{t('staff.col.print')}</th>
              <th>{t('staff.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {papers.map((paper) => (
              <tr key={paper.id} data-testid={`staff-paper-${paper.kind}`} data-print={paper.printState}>
                <td>{tk(`staff.paper.kind.${paper.kind}`)}</td>
                <td>{paper.reference ?? '—'}</td>
                <td>{time(paper.createdAt)}</td>
                <td>
                  {paper.printState === 'failed' ? t('staff.paper.cutShort') : t('staff.paper.printed')}
                  {paper.reprints > 0 && ` · ${t('staff.paper.copies', { count: String(paper.reprints) })}`}
                </td>
                <td>
                  <button
                    type="button"
                    className="button-secondary"
                    data-testid="staff-paper-reprint"
                    disabled={paper.reprintsLeft === 0}
                    onClick={() => void reprint(paper)}
                  >
                    {paper.reprintsLeft === 0 ? t('staff.paper.limit') : t('staff.paper.reprint')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
