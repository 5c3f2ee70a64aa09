// What the devices and the operating system say is English technical text (an error from the
// serial library, a printer status line): it is data, not a sentence of ours. On the Chinese screen
// it sits folded under 「技术细节（英文）」, marked as English, below the translated sentence;
// on the English screen it shows inline. Raw field names (samId, cardPresent…) never show.
import { isMessageKey } from '../i18n/index.tsx';
import { useI18n } from '../i18n/index.tsx';

export function Detail({ text }: { text: string | null | undefined }) {
  const { t, locale } = useI18n();
  if (!text) return null;
  if (locale === 'en' || !/[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(text))
    return (
      <span className="maint-detail" lang={/[A-Za-z]{2,}/.test(text) ? 'en' : undefined}>
        {text}
      </span>
    );
  return (
    <details className="maint-detail maint-detail-folded">
      <summary>{t('maint.detailEnglish')}</summary>
      <span lang="en">{text}</span>
    </details>
  );
}

/** A fact's name in the screen's language (an unknown one keeps its name, and a test catches it). */
export function useFactLabels() {
  const { tk } = useI18n();
  const label = (name: string) => {
    const key = `maint.fact.${name}`;
    return isMessageKey(key) ? tk(key) : name;
  };
  const value = (text: string) => {
    const key = `maint.value.${text}`;
    return isMessageKey(key) ? tk(key) : text;
  };
  return { label, value };
}
