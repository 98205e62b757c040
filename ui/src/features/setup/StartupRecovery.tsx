// When the database cannot be opened at start: why, and the ways out. Try again really opens it
// again (a server that came back opens the desk); or another database; or the local one.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { DatabaseChoice, StartupState } from '../../lib/backend';
import { useT } from '../../lib/i18n';
import { startupKey } from '../../lib/queries';
import { errorText } from '../../lib/ui';
import { DatabaseForm } from '../settings/DatabaseForm';

export function StartupRecovery({ state }: { state: StartupState }) {
  const t = useT();
  const qc = useQueryClient();
  const settle = (next: StartupState) => qc.setQueryData(startupKey, next);
  const retry = useMutation({ mutationFn: backend.retryStartup, onSuccess: settle });
  const instead = useMutation({
    mutationFn: (choice: DatabaseChoice) => backend.openDatabaseInstead(choice),
    onSuccess: settle,
  });
  const pending = retry.isPending || instead.isPending;

  return (
    <div className="splash startup-recovery" data-testid="startup-recovery">
      <h1>{t('app.startupFailed')}</h1>
      <p>
        <code className="db-path" data-testid="startup-database">
          {t('app.startupDatabase', { database: state.database })}
        </code>
      </p>
      {state.error ? (
        <p className="form-error" role="alert" data-testid="startup-error">
          {errorText(t, state.error)}
        </p>
      ) : null}
      <p className="hint">{t('app.startupHint')}</p>
      <div className="row-actions">
        <button
          type="button"
          className="btn btn-primary"
          data-testid="startup-retry"
          disabled={pending}
          onClick={() => retry.mutate()}
        >
          {retry.isPending ? t('app.startupTrying') : t('app.retry')}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="startup-local"
          disabled={pending}
          onClick={() => instead.mutate({ database: null, caFile: null, password: null })}
        >
          {t('app.startupLocal')}
        </button>
      </div>
      <div className="panel startup-other">
        <DatabaseForm
          idPrefix="startup-database"
          submitLabel={t('app.startupOther')}
          pending={pending}
          error={instead.error}
          onSubmit={(choice) => instead.mutate(choice)}
        />
      </div>
    </div>
  );
}
