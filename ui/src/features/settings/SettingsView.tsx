// Settings: the language (remembered by the back end), where the data lives, who you are.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { Language, SetupState } from '../../lib/backend';
import { roleLabel, useT } from '../../lib/i18n';
import { keys } from '../../lib/queries';
import { BackendError } from '../../lib/backend';
import { FieldError, FormError } from '../../lib/ui';
import { MailboxesPanel } from '../email/MailboxesPanel';
import { MonitoringSettings } from '../monitoring/MonitoringSettings';
import { RoutingSettings } from '../routing/RoutingSettings';
import { VendorsSettings } from '../vendors/VendorsSettings';

const LANGUAGES: { value: Language; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'ru', label: 'Русский' },
];

export function SettingsView({ setup }: { setup: SetupState }) {
  const t = useT();
  const qc = useQueryClient();
  const change = useMutation({
    mutationFn: (language: Language) => backend.setLanguage(language),
    onSuccess: (language) => qc.setQueryData<SetupState>(keys.setup, (old) => (old ? { ...old, language } : old)),
  });

  const [database, setDatabase] = useState('');
  const choose = useMutation({
    mutationFn: (choice: string | null) => backend.setDatabase(choice),
    onSuccess: (state) => {
      qc.setQueryData<SetupState>(keys.setup, state);
      setDatabase('');
    },
  });
  const chooseError = choose.error ? BackendError.from(choose.error) : null;

  return (
    <section className="page narrow">
      <div className="panel settings">
        <div className="setting">
          <label htmlFor="settings-language">{t('settings.language')}</label>
          <select
            id="settings-language"
            data-testid="settings-language"
            value={change.isPending ? change.variables : setup.language}
            onChange={(e) => change.mutate(e.target.value as Language)}
          >
            {LANGUAGES.map((l) => (
              <option key={l.value} value={l.value} lang={l.value}>
                {l.label}
              </option>
            ))}
          </select>
          <FormError error={change.error} />
        </div>
        <div className="setting">
          <span className="setting-label">{t('settings.database')}</span>
          <code className="db-path" data-testid="settings-database">
            {setup.database}
          </code>
          <div className="hint">{t('settings.databaseHint')}</div>
          {setup.nextDatabase ? (
            <div className="notice" data-testid="settings-database-next">
              {t('settings.databaseNext', { next: setup.nextDatabase })}
            </div>
          ) : null}
          <form
            className="database-choice"
            onSubmit={(e) => {
              e.preventDefault();
              choose.mutate(database);
            }}
          >
            <label className="hint" htmlFor="settings-database-input">
              {t('settings.databaseChoose')}
            </label>
            <input
              id="settings-database-input"
              data-testid="settings-database-input"
              value={database}
              placeholder={t('settings.databasePlaceholder')}
              aria-invalid={chooseError?.field === 'database'}
              onChange={(e) => setDatabase(e.target.value)}
            />
            {chooseError?.field === 'database' ? (
              <FieldError field="database" message={chooseError.message} />
            ) : (
              <FormError error={choose.error} />
            )}
            <div className="row-actions">
              <button
                type="submit"
                className="btn btn-primary"
                data-testid="settings-database-save"
                disabled={!database.trim() || choose.isPending}
              >
                {t('settings.databaseUse')}
              </button>
              <button
                type="button"
                className="btn"
                data-testid="settings-database-default"
                disabled={choose.isPending}
                onClick={() => choose.mutate(null)}
              >
                {t('settings.databaseDefault')}
              </button>
            </div>
          </form>
        </div>
        {setup.profile ? (
          <div className="setting">
            <span className="setting-label">{t('settings.profile')}</span>
            <div>
              <strong>{setup.profile.name}</strong> · <span className="muted">{roleLabel(t, setup.profile.role)}</span>
            </div>
          </div>
        ) : null}
        <MailboxesPanel />
      </div>
      <MonitoringSettings />
      <VendorsSettings canEdit={setup.profile !== null && setup.profile.role !== 'engineer'} />
      <RoutingSettings />
    </section>
  );
}
