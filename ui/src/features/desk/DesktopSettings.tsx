// Settings -> This computer: the theme (light, dark, or the desktop's) and starting at login.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { DesktopSettingsDto, Theme } from '../../lib/backend';
import { useT, type MessageKey } from '../../lib/i18n';
import { FormError } from '../../lib/ui';
import { desktopKey, useDesktopSettings } from './theme';

export const THEMES: { value: Theme; label: MessageKey }[] = [
  { value: 'system', label: 'desk.theme.system' },
  { value: 'light', label: 'desk.theme.light' },
  { value: 'dark', label: 'desk.theme.dark' },
];

/** Saves a theme and shows it at once. */
export function useSetTheme() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (theme: Theme) => backend.setTheme(theme),
    onMutate: (theme) => {
      qc.setQueryData<DesktopSettingsDto>(desktopKey, (old) => (old ? { ...old, theme } : old));
    },
    onSettled: (saved) => {
      if (saved) qc.setQueryData(desktopKey, saved);
      else void qc.invalidateQueries({ queryKey: desktopKey });
    },
  });
}

export function DesktopSettings() {
  const t = useT();
  const qc = useQueryClient();
  const settings = useDesktopSettings();
  const theme = useSetTheme();
  const login = useMutation({
    mutationFn: (on: boolean) => backend.setStartAtLogin(on),
    onSuccess: (saved) => qc.setQueryData(desktopKey, saved),
  });
  if (!settings.data) return <FormError error={settings.error} />;
  return (
    <div className="setting" data-testid="settings-desktop">
      <span className="setting-label">{t('desk.thisComputer')}</span>
      <div className="setting-row">
        <label htmlFor="settings-theme">{t('desk.theme')}</label>
        <select
          id="settings-theme"
          data-testid="settings-theme"
          value={settings.data.theme}
          onChange={(e) => theme.mutate(e.target.value as Theme)}
        >
          {THEMES.map((o) => (
            <option key={o.value} value={o.value}>
              {t(o.label)}
            </option>
          ))}
        </select>
      </div>
      <FormError error={theme.error} />
      <label className="check">
        <input
          type="checkbox"
          data-testid="settings-start-at-login"
          checked={login.isPending ? login.variables : settings.data.startAtLogin}
          onChange={(e) => login.mutate(e.target.checked)}
        />{' '}
        {t('desk.startAtLogin')}
      </label>
      <div className="hint">{t('desk.startAtLoginHint', { file: settings.data.autostartFile })}</div>
      <FormError error={login.error} />
    </div>
  );
}
