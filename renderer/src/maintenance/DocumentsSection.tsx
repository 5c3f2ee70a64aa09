// The signed documents in force (issue 16, item 1): for each kind, its version, where it came from
// (what shipped with the software, or a document the central system signed), and when this kiosk
// put it in force. A document central offered and this kiosk refused shows why, folded.
import type { DocumentStatusView } from '../../../common/maintenance.ts';
import { isMessageKey, useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { useRequest } from '../use-request.ts';
import { Detail } from './detail.tsx';
import type { SectionProps } from './section.ts';

export function DocumentsSection({ overview, token, call }: SectionProps) {
  const { api } = useKiosk();
  const { t, tk, locale } = useI18n();
  // Asked again whenever sync succeeds (a new document may have come with it).
  const documents = useRequest<DocumentStatusView[]>(
    () => api.invoke('maint:listDocuments', { token }),
    [token, overview.sync.lastSuccessAt],
    // A failure goes where every section's goes (shown once, or the session ends).
    { onError: (error) => void call(() => Promise.resolve({ ok: false as const, error })) },
  );
  const kindLabel = (kind: string) => {
    const key = `maint.documents.kind.${kind}`;
    return isMessageKey(key) ? tk(key) : kind;
  };
  const when = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(locale, { hour12: false }) : t('maint.documents.never');

  return (
    <section className="maint-section maint-documents">
      <h2>{t('maint.documents.title')}</h2>
      {documents.value && (
        <table className="maint-documents-table" data-testid="maint-documents">
          <thead>
            <tr>
              <th scope="col">{t('maint.documents.kind')}</th>
              <th scope="col">{t('maint.documents.version')}</th>
              <th scope="col">{t('maint.documents.source')}</th>
              <th scope="col">{t('maint.documents.appliedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {documents.value.map((document) => (
              <tr
                key={document.kind}
                data-testid={`maint-document-${document.kind}`}
                data-source={document.source}
                data-problem={document.problem ? 'true' : 'false'}
              >
                <th scope="row">{kindLabel(document.kind)}</th>
                <td data-testid={`maint-document-${document.kind}-version`} translate="no">
                  {document.version ?? '—'}
                </td>
                <td data-testid={`maint-document-${document.kind}-source`}>
                  {tk(`maint.documents.from.${document.source}`)}
                </td>
                <td data-testid={`maint-document-${document.kind}-applied`}>
                  {document.source === 'central'
                    ? when(document.appliedAt)
                    : document.source === 'factory'
                      ? t('maint.documents.builtIn')
                      : t('maint.documents.never')}
                  {document.problem && (
                    <p className="maint-hint" role="status">
                      {t('maint.documents.refused')} <Detail text={document.problem} />
                    </p>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
