// Spoken guidance: each screen names its guidance sentence and each error its key; they are read
// aloud when they appear (unless muted) and again on "read aloud". A speech voice of the system
// (Web Speech) for the language is used when there is one; otherwise a recording made in advance
// and shipped with the kiosk. Nothing here needs the internet.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { Locale } from '../../../common/contract.ts';
import { useI18n } from '../i18n/index.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { usePreferences } from '../prefs.tsx';
import { isPromptKey, promptUrl } from './prompt-keys.ts';

export interface Utterance {
  key: string;
  /** The sentence as shown; read by a speech voice. The recording of `key` is the fallback. */
  text: string;
}

interface SpeechContextValue {
  /** The screen's guidance, read when it changes and on "read aloud". */
  setGuidance(utterance: Utterance | null): void;
  /** An error or notice that just appeared. */
  announce(utterance: Utterance): void;
  /** Reads the guidance again, then the last announcement if it is still shown. */
  repeat(): void;
}

const SpeechContext = createContext<SpeechContextValue | null>(null);

// One player for the whole screen: a new sentence always cuts off the one before.
let player: HTMLAudioElement | null = null;
let playlist: string[] = [];

function playRecordings(sources: string[], volume: number): void {
  player ??= new Audio();
  const audio = player;
  playlist = [...sources];
  const next = () => {
    const source = playlist.shift();
    if (!source) return;
    audio.src = source;
    audio.volume = volume;
    // Autoplay may be refused before the first tap; the guidance is on screen all the same.
    void audio.play().catch(() => undefined);
  };
  audio.onended = next;
  next();
}

function stopRecordings(): void {
  playlist = [];
  player?.pause();
}

function voiceFor(locale: Locale): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === 'undefined') return null;
  const wanted = locale.toLowerCase();
  const voices = speechSynthesis.getVoices();
  return (
    voices.find((voice) => voice.lang.toLowerCase() === wanted) ??
    voices.find((voice) => voice.lang.toLowerCase().startsWith(wanted.split('-')[0]!)) ??
    null
  );
}

export function SpeechProvider({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  const { muted, volume } = usePreferences();
  const guidance = useRef<Utterance | null>(null);
  const lastAnnounced = useRef<Utterance | null>(null);
  const settings = useRef({ locale, muted, volume });
  useEffect(() => {
    settings.current = { locale, muted, volume };
  }, [locale, muted, volume]);

  const stop = useCallback(() => {
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
    stopRecordings();
  }, []);

  const play = useCallback(
    (queue: Utterance[], force = false) => {
      const { locale: lang, muted: silent, volume: level } = settings.current;
      if ((silent && !force) || queue.length === 0) return;
      stop();
      const voice = voiceFor(lang);
      if (voice) {
        for (const item of queue) {
          const utterance = new SpeechSynthesisUtterance(item.text);
          utterance.voice = voice;
          utterance.lang = lang;
          utterance.volume = level;
          utterance.rate = 0.9;
          speechSynthesis.speak(utterance);
        }
        return;
      }
      const recorded = queue.filter((item) => isPromptKey(item.key));
      const sources = recorded.map((item) => promptUrl(lang, item.key as Parameters<typeof promptUrl>[1]));
      if (sources.length === 0) return;
      playRecordings(sources, level);
    },
    [stop],
  );

  useEffect(() => stop, [stop]);
  // Muting takes effect at once, mid-sentence.
  useEffect(() => {
    if (muted) stop();
  }, [muted, stop]);

  const value = useMemo<SpeechContextValue>(
    () => ({
      setGuidance(utterance) {
        const changed = guidance.current?.key !== utterance?.key;
        guidance.current = utterance;
        lastAnnounced.current = null;
        if (changed && utterance) play([utterance]);
      },
      announce(utterance) {
        lastAnnounced.current = utterance;
        play([utterance]);
      },
      repeat() {
        const queue = [guidance.current, lastAnnounced.current].filter((item): item is Utterance => !!item);
        play(queue, true);
      },
    }),
    [play],
  );
  return <SpeechContext.Provider value={value}>{children}</SpeechContext.Provider>;
}

export function useSpeech(): SpeechContextValue {
  const value = useContext(SpeechContext);
  if (!value) throw new Error('useSpeech outside SpeechProvider');
  return value;
}

/** Declares the guidance of the screen being shown. */
export function useGuidance(key: MessageKey, params?: Record<string, string | number>): void {
  const { setGuidance } = useSpeech();
  const { t } = useI18n();
  const text = t(key, params);
  useEffect(() => {
    setGuidance({ key, text });
  }, [key, text, setGuidance]);
}

/** Reads an error (or notice) aloud when it appears; `key` is its i18n key, `text` as shown. */
export function useSpokenAlert(key: string | null, text: string | null): void {
  const { announce } = useSpeech();
  useEffect(() => {
    if (key && text) announce({ key, text });
  }, [key, text, announce]);
}
