// Settings: the language (remembered by the back end), where the data lives, who you are.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { DatabaseChoice, Language, SetupState } from '../../lib/backend';
import { roleLabel, useT } from '../../lib/i18n';
import { DesktopSettings } from '../desk/DesktopSettings';
import { TeamPanel } from './TeamPanel';
import { WorkUnits } from './WorkUnits';
import { MoveWorkspace } from './MoveWorkspace';
import { keys } from '../../lib/queries';
import { FormError } from '../../lib/ui';
import { DatabaseForm } from './DatabaseForm';
import { MailboxesPanel } from '../email/MailboxesPanel';
import { MonitoringSettings } from '../monitoring/MonitoringSettings';
import { RoutingSettings } from '../routing/RoutingSettings';
import { SlaSettings } from '../sla/SlaSettings';
import { NoticeDefaultsSettings } from '../clients/ClientNotices';
import { VendorsSettings } from '../vendors/VendorsSettings';

const LANGUAGES: { value: Language; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'ru', label: 'Русский' },
];

/** Whether this desk's window runs the background work, or leaves it to other desks. */
function BackgroundWork({ setup }: { setup: SetupState }) {
  const t = useT();
  const qc = useQueryClient();
  const change = useMutation({
    mutationFn: (run: boolean) => backend.setBackgroundWork(run),
    onSuccess: (state) => qc.setQueryData<SetupState>(keys.setup, state),
  });
  return (
    <div className="setting" data-testid="settings-background">
      <span className="setting-label">{t('settings.background')}</span>
      <div>
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="settings-background-run"
            checked={change.isPending ? change.variables : setup.backgroundWork}
            onChange={(e) => change.mutate(e.target.checked)}
          />{' '}
          {t('settings.backgroundRun')}
        </label>
        <div className="hint">{t('settings.backgroundHint')}</div>
        <FormError error={change.error} />
        <WorkUnits />
      </div>
    </div>
  );
}

export function SettingsView({ setup }: { setup: SetupState }) {
  const t = useT();
  const qc = useQueryClient();
  const change = useMutation({
    mutationFn: (language: Language) => backend.setLanguage(language),
    onSuccess: (language) => qc.setQueryData<SetupState>(keys.setup, (old) => (old ? { ...old, language } : old)),
  });

  // Remounts the form after a choice was saved, so what was typed (a password) is gone.
  const [formKey, setFormKey] = useState(0);
  const choose = useMutation({
    mutationFn: (choice: DatabaseChoice) => backend.setDatabase(choice),
    onSuccess: (state) => {
      qc.setQueryData<SetupState>(keys.setup, state);
      setFormKey((k) => k + 1);
    },
  });

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
          {setup.caFile ? (
            <div className="hint" data-testid="settings-database-ca-in-use">
              {t('settings.databaseCaInUse', { file: setup.caFile })}
            </div>
          ) : null}
          <DatabaseForm
            key={formKey}
            idPrefix="settings-database"
            submitLabel={t('settings.databaseUse')}
            pending={choose.isPending}
            error={choose.error}
            onSubmit={(choice) => choose.mutate(choice)}
          >
            <button
              type="button"
              className="btn"
              data-testid="settings-database-default"
              disabled={choose.isPending}
              onClick={() => choose.mutate({ database: null, caFile: null, password: null })}
            >
              {t('settings.databaseDefault')}
            </button>
          </DatabaseForm>
          {setup.database.startsWith('postgres') ? null : <MoveWorkspace />}
        </div>
        {setup.profile ? (
          <div className="setting">
            <span className="setting-label">{t('settings.profile')}</span>
            <div>
              <strong>{setup.profile.name}</strong> · <span className="muted">{roleLabel(t, setup.profile.role)}</span>
            </div>
          </div>
        ) : null}
        <DesktopSettings />
        <TeamPanel setup={setup} />
        <BackgroundWork setup={setup} />
        <MailboxesPanel />
      </div>
      <MonitoringSettings />
      <VendorsSettings canEdit={setup.profile?.duties.includes('vendors') ?? false} />
      <RoutingSettings />
      <SlaSettings />
      <NoticeDefaultsSettings />
    </section>
  );
}
