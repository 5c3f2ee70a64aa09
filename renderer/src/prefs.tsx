// The person's display and voice choices: elderly mode (适老化: larger type and targets, fewer items
// a screen, a longer time limit), high contrast, mute and volume. They belong to the person at the
// kiosk, so they go back to the defaults when the session ends.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export interface Preferences {
  elderly: boolean;
  contrast: boolean;
  muted: boolean;
  /** 0–1, in steps of 0.2. */
  volume: number;
}

export const defaultPreferences: Preferences = { elderly: false, contrast: false, muted: false, volume: 0.8 };

interface PreferencesContextValue extends Preferences {
  set(change: Partial<Preferences>): void;
  reset(): void;
}

const PreferencesContext = createContext<PreferencesContextValue | null>(null);

export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [prefs, setPrefs] = useState<Preferences>(defaultPreferences);
  const set = useCallback((change: Partial<Preferences>) => setPrefs((now) => ({ ...now, ...change })), []);
  const reset = useCallback(() => setPrefs(defaultPreferences), []);

  // On the root element so that every screen, the overlays and the staff entry follow the mode.
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.elderly = String(prefs.elderly);
    root.dataset.contrast = prefs.contrast ? 'high' : 'normal';
  }, [prefs.elderly, prefs.contrast]);

  const value = useMemo(() => ({ ...prefs, set, reset }), [prefs, set, reset]);
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): PreferencesContextValue {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error('usePreferences outside PreferencesProvider');
  return value;
}

/** Items a list shows per page: fewer, larger ones in elderly mode, so nothing needs scrolling. */
export function usePageSize(normal: number, elderly: number): number {
  return usePreferences().elderly ? elderly : normal;
}
