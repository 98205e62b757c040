// This computer's settings for the window (theme, start at login) and the theme applied to the
// page: `data-theme` on <html> is "light" or "dark"; "system" follows the desktop's preference
// and its changes while the window is open.
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { Theme } from '../../lib/backend';

export const desktopKey = ['desktop'] as const;

export function useDesktopSettings() {
  return useQuery({ queryKey: desktopKey, queryFn: backend.desktopSettings, staleTime: Infinity });
}

const DARK = '(prefers-color-scheme: dark)';

/** Light or dark: the chosen theme, or the desktop's for "system". */
export function resolveTheme(theme: Theme, systemDark: boolean): 'light' | 'dark' {
  if (theme === 'system') return systemDark ? 'dark' : 'light';
  return theme;
}

function useSystemDark(): boolean {
  const query = typeof window.matchMedia === 'function' ? window.matchMedia(DARK) : null;
  const [dark, setDark] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const changed = (e: MediaQueryListEvent) => setDark(e.matches);
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, [query]);
  return dark;
}

/** Applies this computer's theme to the page; the start-up screens are themed too. */
export function useAppliedTheme(): 'light' | 'dark' {
  const settings = useDesktopSettings();
  const systemDark = useSystemDark();
  const applied = resolveTheme(settings.data?.theme ?? 'system', systemDark);
  useEffect(() => {
    document.documentElement.dataset.theme = applied;
  }, [applied]);
  return applied;
}
