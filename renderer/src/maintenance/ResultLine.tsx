import type { MaintActionResult } from '../../../common/maintenance.ts';
import { useI18n } from '../i18n/index.tsx';
import { Detail } from './detail.tsx';

export function ResultLine({ result, testId }: { result: MaintActionResult | null; testId: string }) {
  const { t, tk } = useI18n();
  if (!result) return null;
  return (
    <p
      className={`maint-result maint-result-${result.ok ? 'ok' : 'failed'}`}
      data-testid={testId}
      data-ok={result.ok}
    >
      <strong>{result.ok ? t('maint.result.ok') : t('maint.result.failed')}</strong> {tk(result.key)}{' '}
      <Detail text={result.detail} />
    </p>
  );
}
