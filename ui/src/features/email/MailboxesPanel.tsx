// Settings -> Mailboxes: the list, add/edit (passwords go to the OS keychain and never come
// back), "Test connection" saying what is wrong with each server, and "Poll now".
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import { BackendError, type ConnectionCheck, type MailboxDto, type MailboxInput, type MailSecurity } from '../../lib/backend';
import { directionLabel, useT, type Translate } from '../../lib/i18n';
import { kept, say } from '../../lib/messages';
import { useCan, useDirections } from '../../lib/queries';
import { Field, FieldError, FormError } from '../../lib/ui';

export const mailboxKeys = { all: ['mailboxes'] as const };

const EMPTY: MailboxInput = {
  name: '',
  imapHost: '',
  imapPort: 993,
  imapSecurity: 'tls',
  imapUser: '',
  imapFolder: 'INBOX',
  imapPassword: null,
  smtpHost: '',
  smtpPort: 465,
  smtpSecurity: 'tls',
  smtpUser: null,
  smtpPassword: null,
  fromAddress: '',
  direction: 'software',
  pollSeconds: 60,
  enabled: true,
};

function inputOf(m: MailboxDto): MailboxInput {
  return {
    name: m.name,
    imapHost: m.imapHost,
    imapPort: m.imapPort,
    imapSecurity: m.imapSecurity,
    imapUser: m.imapUser,
    imapFolder: m.imapFolder,
    imapPassword: null,
    smtpHost: m.smtpHost,
    smtpPort: m.smtpPort,
    smtpSecurity: m.smtpSecurity,
    smtpUser: m.smtpUser,
    smtpPassword: null,
    fromAddress: m.fromAddress,
    direction: m.direction,
    pollSeconds: m.pollSeconds,
    enabled: m.enabled,
  };
}

export function MailboxesPanel() {
  const t = useT();
  const canMailboxes = useCan('mailboxes');
  const list = useQuery({ queryKey: mailboxKeys.all, queryFn: backend.listMailboxes });
  const [editing, setEditing] = useState<MailboxDto | 'new' | null>(null);
  return (
    <div className="setting" data-testid="mailboxes">
      <span className="setting-label">{t('mailbox.title')}</span>
      <div className="hint">{t('mailbox.hint')}</div>
      {list.error ? <FormError error={list.error} /> : null}
      <ul className="mailbox-list">
        {(list.data ?? []).map((m) => (
          <MailboxRow key={m.id} mailbox={m} onEdit={() => setEditing(m)} />
        ))}
      </ul>
      {editing === null ? (
        canMailboxes ? <div className="row-actions">
          <button type="button" className="btn" data-testid="mailbox-add" onClick={() => setEditing('new')}>
            {t('mailbox.add')}
          </button>
        </div> : null
      ) : (
        <MailboxForm
          key={editing === 'new' ? 'new' : editing.id}
          mailbox={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      <PublicDomains />
      <LimitsSection />
    </div>
  );
}

/** The public mail domains: a sender there maps to a client only by a contact's exact address. */
function PublicDomains() {
  const t = useT();
  const canEdit = useCan('mailboxes');
  const qc = useQueryClient();
  const key = ['mailboxes', 'public-domains'] as const;
  const list = useQuery({ queryKey: key, queryFn: backend.publicMailDomains });
  const [domain, setDomain] = useState('');
  const saved = (domains: string[]) => qc.setQueryData(key, domains);
  const add = useMutation({
    mutationFn: () => backend.addPublicMailDomain(domain),
    onSuccess: (domains) => {
      saved(domains);
      setDomain('');
    },
  });
  const remove = useMutation({ mutationFn: (d: string) => backend.removePublicMailDomain(d), onSuccess: saved });
  return (
    <details className="public-domains" data-testid="public-domains">
      <summary>{t('mailbox.publicDomains', { count: list.data?.length ?? 0 })}</summary>
      <div className="hint">{t('mailbox.publicDomainsHint')}</div>
      <ul className="public-domain-list">
        {(list.data ?? []).map((d) => (
          <li key={d} data-testid={`public-domain-${d}`}>
            {d}
            {canEdit ? (
              <button
                type="button"
                className="btn btn-ghost btn-icon"
                aria-label={t('mailbox.publicDomainRemove', { domain: d })}
                data-testid={`public-domain-remove-${d}`}
                onClick={() => remove.mutate(d)}
              >
                ×
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <form
          className="row-actions"
          onSubmit={(e) => {
            e.preventDefault();
            if (domain.trim()) add.mutate();
          }}
        >
          <input
            data-testid="public-domain-input"
            aria-label={t('mailbox.publicDomainAdd')}
            placeholder="gmail.com"
            value={domain}
            onChange={(e) => setDomain(e.target.value)}
          />
          <button type="submit" className="btn" data-testid="public-domain-add" disabled={!domain.trim() || add.isPending}>
            {t('mailbox.publicDomainAdd')}
          </button>
        </form>
      ) : null}
      <FormError error={list.error ?? add.error ?? remove.error} />
    </details>
  );
}

const LIMIT_FIELDS = [
  'mailBytes',
  'mailHeaders',
  'headerBytes',
  'mimeParts',
  'mimeDepth',
  'attachmentBytes',
  'textBytes',
  'htmlDepth',
  'httpBodyBytes',
] as const;
type LimitField = (typeof LIMIT_FIELDS)[number];
// The back end names a limit as the CLI does (`sb limits set mime_parts 2000`).
const limitName = (f: LimitField) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The workspace's limits on what strangers send; past one a mail waits in quarantine. */
function LimitsSection() {
  const t = useT();
  const canEdit = useCan('mailboxes');
  const qc = useQueryClient();
  const key = ['mailboxes', 'input-limits'] as const;
  const limits = useQuery({ queryKey: key, queryFn: backend.inputLimits });
  const [draft, setDraft] = useState<Partial<Record<LimitField, string>>>({});
  const save = useMutation({
    mutationFn: (f: LimitField) => backend.setInputLimit(limitName(f), Number(draft[f])),
    onSuccess: (saved, f) => {
      qc.setQueryData(key, saved);
      setDraft((d) => ({ ...d, [f]: undefined }));
    },
  });
  return (
    <details className="input-limits" data-testid="input-limits">
      <summary>{t('mailbox.limits')}</summary>
      <div className="hint">{t('mailbox.limitsHint')}</div>
      {limits.data
        ? LIMIT_FIELDS.map((f) => (
            <form
              key={f}
              className="limit-row"
              onSubmit={(e) => {
                e.preventDefault();
                if (draft[f]) save.mutate(f);
              }}
            >
              <label htmlFor={`limit-${f}`}>{t(`mailbox.limit.${f}`)}</label>
              <input
                id={`limit-${f}`}
                data-testid={`limit-${f}`}
                type="number"
                min={1}
                disabled={!canEdit}
                value={draft[f] ?? String(limits.data[f])}
                onChange={(e) => setDraft((d) => ({ ...d, [f]: e.target.value }))}
              />
              {canEdit && draft[f] !== undefined ? (
                <button type="submit" className="btn" data-testid={`limit-save-${f}`} disabled={save.isPending}>
                  {t('mailbox.limitSave')}
                </button>
              ) : null}
            </form>
          ))
        : null}
      <FormError error={limits.error ?? save.error} />
    </details>
  );
}

function MailboxRow({ mailbox: m, onEdit }: { mailbox: MailboxDto; onEdit: () => void }) {
  const t = useT();
  const canEdit = useCan('mailboxes');
  const qc = useQueryClient();
  const test = useMutation({ mutationFn: () => backend.testMailbox(m.id) });
  const poll = useMutation({
    mutationFn: () => backend.pollMailbox(m.id),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['queue'] });
      void qc.invalidateQueries({ queryKey: ['views'] });
      // Replies thread into tickets: an open card shows them.
      void qc.invalidateQueries({ queryKey: ['ticket'] });
      void qc.invalidateQueries({ queryKey: mailboxKeys.all });
      void qc.invalidateQueries({ queryKey: ['mail'] });
    },
  });
  return (
    <li className="mailbox" data-testid={`mailbox-${m.id}`}>
      <div>
        <strong>{m.name}</strong> <span className="muted">{m.fromAddress}</span>{' '}
        {!m.enabled ? <span className="muted">· {t('mailbox.disabled')}</span> : null}
      </div>
      <div className="hint">
        IMAP {m.imapUser}@{m.imapHost}:{m.imapPort} · SMTP {m.smtpHost}:{m.smtpPort}
        {!m.hasImapPassword ? ` · ${t('mailbox.noPassword')}` : ''}
      </div>
      {m.lastError ? (
        <div className="form-error" data-testid={`mailbox-error-${m.id}`}>
          {kept(m.lastError, m.lastErrorMsg)}
        </div>
      ) : null}
      <div className="row-actions">
        <button type="button" className="btn" data-testid={`mailbox-test-${m.id}`} disabled={test.isPending} onClick={() => test.mutate()}>
          {test.isPending ? t('mailbox.testing') : t('mailbox.test')}
        </button>
        <button type="button" className="btn" data-testid={`mailbox-poll-${m.id}`} disabled={poll.isPending} onClick={() => poll.mutate()}>
          {t('mailbox.pollNow')}
        </button>
{canEdit ? (
                  <button type="button" className="btn btn-ghost" data-testid={`mailbox-edit-${m.id}`} onClick={onEdit}>
          {t('mailbox.edit')}
        </button>
        ) : null}
      </div>
      {test.data ? (
        <div data-testid={`mailbox-test-result-${m.id}`}>
          <CheckLine server="IMAP" check={test.data.imap} t={t} />
          <CheckLine server="SMTP" check={test.data.smtp} t={t} />
        </div>
      ) : null}
      <FormError error={test.error ?? poll.error} />
      {poll.data ? (
        <div className="notice" data-testid={`mailbox-poll-result-${m.id}`}>
          {t('mailbox.pollReport', {
            fetched: poll.data.fetched,
            tickets: poll.data.tickets,
            comments: poll.data.comments,
            triage: poll.data.triage,
            quarantined: poll.data.quarantined,
          })}
        </div>
      ) : null}
    </li>
  );
}

/** One server's test outcome: what is wrong, said by code, with the server's own words (inside our sentence, in the desk's language). */
function CheckLine({ server, check, t }: { server: string; check: ConnectionCheck; t: Translate }) {
  if (check.ok) return <div className="ok">{t('mailbox.checkOk', { server })}</div>;
  const what = (() => {
    switch (check.code) {
      case 'mail_unreachable':
        return t('mailbox.check.unreachable');
      case 'mail_tls':
        return t('mailbox.check.tls');
      case 'mail_login_refused':
        return t('mailbox.check.login');
      case 'mail_folder_missing':
        return t('mailbox.check.folder');
      case 'secret_missing':
        return t('mailbox.check.secret');
      default:
        return t('mailbox.check.other');
    }
  })();
  return (
    <div className="form-error" data-code={check.code ?? ''}>
      {server}: {what}
      <div className="hint">{check.msg ? say(check.msg) : check.message}</div>
    </div>
  );
}

function MailboxForm({ mailbox, onDone }: { mailbox: MailboxDto | null; onDone: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const directions = useDirections();
  const [v, setV] = useState<MailboxInput>(mailbox ? inputOf(mailbox) : EMPTY);
  const set = <K extends keyof MailboxInput>(k: K, value: MailboxInput[K]) => setV((old) => ({ ...old, [k]: value }));
  const save = useMutation({
    mutationFn: () => (mailbox ? backend.updateMailbox(mailbox.id, v) : backend.createMailbox(v)),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: mailboxKeys.all });
      onDone();
    },
  });
  const err = save.error ? BackendError.from(save.error) : null;
  const fieldError = (f: string) => (err?.field === f ? <FieldError field={f} message={err.message} /> : null);
  const text = (f: keyof MailboxInput, label: string, type = 'text') => (
    <Field label={label} htmlFor={`mailbox-${f}`} error={fieldError(f)}>
      <input
        id={`mailbox-${f}`}
        data-testid={`mailbox-${f}`}
        type={type}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        value={(v[f] as string | number | null) ?? ''}
        onChange={(e) =>
          set(f, (type === 'number' ? Number(e.target.value) : e.target.value === '' && f.endsWith('Password') ? null : e.target.value) as never)
        }
      />
    </Field>
  );
  const security = (f: 'imapSecurity' | 'smtpSecurity') => (
    <Field label={t('mailbox.security')} htmlFor={`mailbox-${f}`}>
      <select id={`mailbox-${f}`} data-testid={`mailbox-${f}`} value={v[f]} onChange={(e) => set(f, e.target.value as MailSecurity)}>
        <option value="tls">TLS</option>
        <option value="start_tls">STARTTLS</option>
        <option value="plain">{t('mailbox.plain')}</option>
      </select>
    </Field>
  );
  return (
    <form
      className="mailbox-form"
      data-testid="mailbox-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {text('name', t('mailbox.name'))}
      {text('fromAddress', t('mailbox.from'))}
      <Field label={t('mailbox.direction')} htmlFor="mailbox-direction" error={fieldError('direction')}>
        <select id="mailbox-direction" data-testid="mailbox-direction" value={v.direction ?? 'software'} onChange={(e) => set('direction', e.target.value)}>
          {(directions.data ?? ['software']).map((d) => (
            <option key={d} value={d}>
              {directionLabel(t, d)}
            </option>
          ))}
        </select>
      </Field>
      <fieldset>
        <legend>IMAP</legend>
        {text('imapHost', t('mailbox.host'))}
        {text('imapPort', t('mailbox.port'), 'number')}
        {security('imapSecurity')}
        {text('imapUser', t('mailbox.user'))}
        {text('imapFolder', t('mailbox.folder'))}
        {text('imapPassword', mailbox?.hasImapPassword ? t('mailbox.passwordKeep') : t('mailbox.password'), 'password')}
      </fieldset>
      <fieldset>
        <legend>SMTP</legend>
        {text('smtpHost', t('mailbox.host'))}
        {text('smtpPort', t('mailbox.port'), 'number')}
        {security('smtpSecurity')}
        {text('smtpUser', t('mailbox.smtpUser'))}
        {v.smtpUser ? text('smtpPassword', mailbox?.hasSmtpPassword ? t('mailbox.passwordKeep') : t('mailbox.password'), 'password') : null}
      </fieldset>
      {text('pollSeconds', t('mailbox.pollSeconds'), 'number')}
      <label className="check">
        <input type="checkbox" data-testid="mailbox-enabled" checked={v.enabled} onChange={(e) => set('enabled', e.target.checked)} />{' '}
        {t('mailbox.enabled')}
      </label>
      <div className="hint">{t('mailbox.keychainHint')}</div>
      {err && !err.field ? <FormError error={save.error} /> : null}
      <div className="row-actions">
        <button type="submit" className="btn btn-primary" data-testid="mailbox-save" disabled={save.isPending}>
          {t('mailbox.save')}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {t('mailbox.cancel')}
        </button>
      </div>
    </form>
  );
}
