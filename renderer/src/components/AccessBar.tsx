// One tap away on every screen: language, elderly mode, high contrast, read aloud, mute and volume.
import { useI18n } from '../i18n/index.tsx';
import { usePreferences } from '../prefs.tsx';
import { useSpeech } from '../speech/speech.tsx';

const volumeStep = 0.2;

export function AccessBar() {
  const { locale, setLocale, t } = useI18n();
  const prefs = usePreferences();
  const { repeat } = useSpeech();
  const level = Math.round(prefs.volume / volumeStep);
  const changeVolume = (delta: number) =>
    prefs.set({ volume: Math.min(1, Math.max(0, (level + delta) * volumeStep)), muted: false });
  return (
    <nav className="access-bar" aria-label={t('a11y.toolbar')} data-testid="access-bar">
      <button
        type="button"
        className="access-button"
        data-testid="elderly-toggle"
        aria-pressed={prefs.elderly}
        aria-label={prefs.elderly ? t('a11y.elderlyOn') : t('a11y.elderlyOff')}
        onClick={() => prefs.set({ elderly: !prefs.elderly })}
      >
        {t('a11y.elderly')}
      </button>
      <button
        type="button"
        className="access-button"
        data-testid="contrast-toggle"
        aria-pressed={prefs.contrast}
        aria-label={prefs.contrast ? t('a11y.contrastOn') : t('a11y.contrastOff')}
        onClick={() => prefs.set({ contrast: !prefs.contrast })}
      >
        {t('a11y.contrast')}
      </button>
      <button
        type="button"
        className="access-button"
        data-testid="read-aloud"
        aria-label={t('a11y.readAloudLabel')}
        onClick={repeat}
      >
        {t('a11y.readAloud')}
      </button>
      <button
        type="button"
        className="access-button"
        data-testid="mute-toggle"
        aria-pressed={prefs.muted}
        aria-label={prefs.muted ? t('a11y.unmuteLabel') : t('a11y.muteLabel')}
        onClick={() => prefs.set({ muted: !prefs.muted })}
      >
        {prefs.muted ? t('a11y.unmute') : t('a11y.mute')}
      </button>
      <span className="volume" role="group" aria-label={t('a11y.volume', { level })}>
        <button
          type="button"
          className="access-button access-square"
          data-testid="volume-down"
          aria-label={t('a11y.volumeDown')}
          disabled={level <= 0}
          onClick={() => changeVolume(-1)}
        >
          −
        </button>
        <span className="volume-level" data-testid="volume-level" aria-hidden="true">
          {level}
        </span>
        <button
          type="button"
          className="access-button access-square"
          data-testid="volume-up"
          aria-label={t('a11y.volumeUp')}
          disabled={level >= 5}
          onClick={() => changeVolume(1)}
        >
          +
        </button>
      </span>
      <button
        type="button"
        className="access-button lang-switch"
        data-testid="lang-switch"
        aria-label={t('lang.switchLabel')}
        lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}
        onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
      >
        {t('lang.switch')}
      </button>
    </nav>
  );
}
