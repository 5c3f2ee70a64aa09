// A list shown a page at a time with "previous" and "next" buttons: no scrolling or swiping, one
// tap to move on. Elderly mode uses smaller pages.
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.tsx';

export function Paged<T>({
  items,
  pageSize,
  render,
  className,
  testId,
  empty,
}: {
  items: readonly T[];
  pageSize: number;
  render: (item: T) => ReactNode;
  className: string;
  testId?: string;
  empty?: ReactNode;
}) {
  const { t } = useI18n();
  const [wanted, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const page = Math.min(wanted, pages - 1);
  const shown = items.slice(page * pageSize, page * pageSize + pageSize);
  return (
    <>
      <ul className={className} data-testid={testId}>
        {shown.map(render)}
        {items.length === 0 && empty}
      </ul>
      {pages > 1 && (
        <div className="pager" role="group" aria-label={t('a11y.page', { page: page + 1, pages })}>
          <button
            type="button"
            className="button-secondary"
            data-testid="page-previous"
            disabled={page === 0}
            onClick={() => setPage(page - 1)}
          >
            {t('a11y.previousPage')}
          </button>
          <span className="pager-position" aria-live="polite">
            {t('a11y.page', { page: page + 1, pages })}
          </span>
          <button
            type="button"
            className="button-secondary"
            data-testid="page-next"
            disabled={page >= pages - 1}
            onClick={() => setPage(page + 1)}
          >
            {t('a11y.nextPage')}
          </button>
        </div>
      )}
    </>
  );
}
