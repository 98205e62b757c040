// A database to open: a file path or a postgres:// URL, the company CA file that signs a team
// server's certificate, and the password the back end keeps in the OS keychain (never in the URL).
import { useState, type ReactNode } from 'react';
import { BackendError, type DatabaseChoice } from '../../lib/backend';
import { useT } from '../../lib/i18n';
import { FieldError, FormError } from '../../lib/ui';

export function DatabaseForm({
  idPrefix,
  submitLabel,
  pending,
  error,
  onSubmit,
  children,
}: {
  /** Test ids and element ids start with it: `<prefix>-input`, `-ca`, `-password`, `-save`. */
  idPrefix: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (choice: DatabaseChoice) => void;
  /** More buttons beside the submit one. */
  children?: ReactNode;
}) {
  const t = useT();
  const [database, setDatabase] = useState('');
  const [caFile, setCaFile] = useState('');
  const [password, setPassword] = useState('');
  const refusal = error ? BackendError.from(error) : null;
  const field = refusal?.field ?? null;
  const isTeam = database.trim().startsWith('postgres');

  return (
    <form
      className="database-choice"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({
          database: database.trim(),
          caFile: caFile.trim() || null,
          password: password || null,
        });
      }}
    >
      <label className="hint" htmlFor={`${idPrefix}-input`}>
        {t('settings.databaseChoose')}
      </label>
      <input
        id={`${idPrefix}-input`}
        data-testid={`${idPrefix}-input`}
        value={database}
        placeholder={t('settings.databasePlaceholder')}
        aria-invalid={field === 'database'}
        onChange={(e) => setDatabase(e.target.value)}
      />
      {field === 'database' ? <FieldError field="database" message={refusal?.message} /> : null}
      {isTeam ? (
        <div className="database-team">
          <label className="hint" htmlFor={`${idPrefix}-ca`}>
            {t('settings.databaseCa')}
          </label>
          <input
            id={`${idPrefix}-ca`}
            data-testid={`${idPrefix}-ca`}
            value={caFile}
            placeholder="/etc/ssl/company-ca.pem"
            aria-invalid={field === 'caFile'}
            onChange={(e) => setCaFile(e.target.value)}
          />
          {field === 'caFile' ? <FieldError field="caFile" message={refusal?.message} /> : null}
          <label className="hint" htmlFor={`${idPrefix}-password`}>
            {t('settings.databasePassword')}
          </label>
          <input
            id={`${idPrefix}-password`}
            data-testid={`${idPrefix}-password`}
            type="password"
            autoComplete="off"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
      ) : null}
      {field !== 'database' && field !== 'caFile' ? <FormError error={error} /> : null}
      <div className="row-actions">
        <button
          type="submit"
          className="btn btn-primary"
          data-testid={`${idPrefix}-save`}
          disabled={!database.trim() || pending}
        >
          {submitLabel}
        </button>
        {children}
      </div>
    </form>
  );
}
