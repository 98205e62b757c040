// Joining a team workspace: the team's PostgreSQL server, database and your sign-in, the
// company CA file that signs the server's certificate, and the password the back end keeps in
// the OS keychain. Switchboard checks the sign-in, then starts again on the team's database.
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import { useT } from '../../lib/i18n';
import { Field, FieldError, FormError } from '../../lib/ui';

/** `postgres://login@server:port/database`: no password in it, ever. */
export function teamUrl(server: string, port: string, database: string, login: string): string {
  const host = server.trim().includes(':') && !server.trim().startsWith('[') ? `[${server.trim()}]` : server.trim();
  const p = port.trim() || '5432';
  return `postgres://${encodeURIComponent(login.trim())}@${host}:${p}/${encodeURIComponent(database.trim())}`;
}

export function JoinTeam({ onCancel }: { onCancel?: () => void }) {
  const t = useT();
  const [server, setServer] = useState('');
  const [port, setPort] = useState('5432');
  const [database, setDatabase] = useState('');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [caFile, setCaFile] = useState('');
  const join = useMutation({
    mutationFn: () =>
      backend.joinTeam({
        database: teamUrl(server, port, database, login),
        caFile: caFile.trim() || null,
        password: password || null,
      }),
  });
  const err = join.error ? backend.BackendError.from(join.error) : null;
  const fieldErr = (f: string) => (err?.code === 'invalid_input' && err.field === f ? err.message : null);
  const ready = server.trim() && database.trim() && login.trim() && password;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) join.mutate();
  };

  return (
    <form className="form join-team" data-testid="join-team" onSubmit={submit}>
      <p className="hint">{t('team.joinLead')}</p>
      <div className="form-row">
        <Field label={t('team.server')} htmlFor="join-server">
          <input id="join-server" data-testid="join-server" value={server} placeholder="desk.example.com" onChange={(e) => setServer(e.target.value)} />
        </Field>
        <Field label={t('team.port')} htmlFor="join-port">
          <input id="join-port" data-testid="join-port" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />
        </Field>
      </div>
      <Field label={t('team.database')} htmlFor="join-database" error={<FieldError field="database" message={fieldErr('database')} />}>
        <input id="join-database" data-testid="join-database" value={database} placeholder="servicedesk" onChange={(e) => setDatabase(e.target.value)} />
      </Field>
      <Field label={t('team.login')} htmlFor="join-login">
        <input id="join-login" data-testid="join-login" autoComplete="username" value={login} placeholder="ivan_petrov" onChange={(e) => setLogin(e.target.value)} />
      </Field>
      <Field label={t('team.password')} htmlFor="join-password">
        <input
          id="join-password"
          data-testid="join-password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <Field label={t('team.caFile')} htmlFor="join-ca" error={<FieldError field="caFile" message={fieldErr('caFile')} />}>
        <input id="join-ca" data-testid="join-ca" value={caFile} placeholder="/etc/ssl/company-ca.pem" onChange={(e) => setCaFile(e.target.value)} />
      </Field>
      <p className="hint">{t('team.joinRestart')}</p>
      {err && !(err.code === 'invalid_input' && (err.field === 'database' || err.field === 'caFile')) ? <FormError error={err} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="join-save" disabled={!ready || join.isPending}>
          {join.isPending ? t('team.joining') : t('team.join')}
        </button>
        {onCancel ? (
          <button type="button" className="btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
