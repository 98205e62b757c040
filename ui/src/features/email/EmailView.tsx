// Email: what arrived and waits for a person (unknown senders, unreadable messages) and the
// outgoing replies (waiting, sent, or not sent with the error and Retry).
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { MailMessageDto } from '../../lib/backend';
import { useI18n } from '../../lib/i18n';
import { formatDateTime } from '../../lib/format';
import { useClientPicker, useDirections } from '../../lib/queries';
import { FormError } from '../../lib/ui';
import { directionLabel } from '../../lib/i18n';
import { useNavigation } from '../../app/navigation';
import { mailNoteText, mailProblemText } from './mailWords';
import { kept } from '../../lib/messages';

export const mailKeys = {
  triage: ['mail', 'triage'] as const,
  quarantine: ['mail', 'quarantine'] as const,
  outbox: (state: backend.OutboxState | null) => ['mail', 'outbox', state ?? 'all'] as const,
};

const OUTBOX_TABS: (backend.OutboxState | null)[] = ['dead', 'pending', 'sent', null];

export function EmailView() {
  const { t } = useI18n();
  const triage = useQuery({ queryKey: mailKeys.triage, queryFn: backend.listTriage });
  const quarantine = useQuery({ queryKey: mailKeys.quarantine, queryFn: backend.listQuarantine });
  return (
    <section className="page narrow">
      <div className="panel" data-testid="triage">
        <h3 className="panel-title">{t('email.triage')}</h3>
        <p className="hint">{t('email.triageHint')}</p>
        <FormError error={triage.error} />
        {triage.data?.length === 0 ? <p className="muted">{t('email.none')}</p> : null}
        <ul className="mail-list">
          {(triage.data ?? []).map((m) => (
            <TriageRow key={m.id} message={m} />
          ))}
        </ul>
      </div>
      <div className="panel" data-testid="quarantine">
        <h3 className="panel-title">{t('email.quarantine')}</h3>
        <p className="hint">{t('email.quarantineHint')}</p>
        <FormError error={quarantine.error} />
        {quarantine.data?.length === 0 ? <p className="muted">{t('email.none')}</p> : null}
        <ul className="mail-list">
          {(quarantine.data ?? []).map((m) => (
            <QuarantineRow key={m.id} message={m} />
          ))}
        </ul>
      </div>
      <OutboxPanel />
    </section>
  );
}

function OutboxPanel() {
  const { t, language } = useI18n();
  const [state, setState] = useState<backend.OutboxState | null>('dead');
  const list = useQuery({
    queryKey: mailKeys.outbox(state),
    queryFn: () => backend.listOutbox(state),
    // Waiting replies leave within seconds: follow them while that tab is open.
    refetchInterval: state === 'pending' ? 3000 : false,
  });
  const tabLabel = (s: backend.OutboxState | null) =>
    s === 'dead' ? t('email.outbox.dead') : s === 'pending' ? t('email.outbox.pending') : s === 'sent' ? t('email.outbox.sent') : t('email.outbox.all');
  return (
    <div className="panel" data-testid="outbox">
      <h3 className="panel-title">{t('email.outbox.title')}</h3>
      <div className="tabs" role="tablist">
        {OUTBOX_TABS.map((s) => (
          <button
            key={s ?? 'all'}
            type="button"
            role="tab"
            aria-selected={state === s}
            className={`tab${state === s ? ' active' : ''}`}
            data-testid={`outbox-tab-${s ?? 'all'}`}
            onClick={() => setState(s)}
          >
            {tabLabel(s)}
          </button>
        ))}
      </div>
      <FormError error={list.error} />
      {list.data?.length === 0 ? <p className="muted">{t('email.none')}</p> : null}
      <ul className="mail-list">
        {(list.data ?? []).map((o) =>
          o.state === 'dead' ? (
            <DeadLetter key={o.id} id={o.id} number={o.ticketNumber} to={o.to} subject={o.subject} error={o.lastError === null ? null : kept(o.lastError, o.lastErrorMsg, language)} />
          ) : (
            <li key={o.id} className="mail-row" data-testid={`outbox-${o.id}`}>
              <div>
                <strong>{o.ticketNumber}</strong> · {o.to} · {o.subject}
              </div>
              <div className="muted">
                {tabLabel(o.state)} ·{' '}
                {o.sentAt !== null ? formatDateTime(o.sentAt, language) : t('email.outbox.attempts', { count: o.attempts })}
                {o.lastError ? ` · ${kept(o.lastError, o.lastErrorMsg, language)}` : ''}
              </div>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

function Sender({ m }: { m: MailMessageDto }) {
  const { t, language } = useI18n();
  return (
    <div>
      <strong>{m.fromName ?? m.fromEmail ?? t('email.noSender')}</strong> {m.fromName ? <span className="muted">{m.fromEmail}</span> : null}
      <span className="muted"> · {formatDateTime(m.receivedAt, language)} · {m.mailboxName}</span>
      <div>{m.subject}</div>
    </div>
  );
}

// The client and direction a message becomes a ticket of: the same two pickers wherever mail
// is taken in by hand.
function ClientAndDirection(props: {
  kind: 'triage' | 'quarantine';
  messageId: number;
  clientId: number | null;
  onClient: (id: number | null) => void;
  direction: string;
  onDirection: (d: string) => void;
}) {
  const { t } = useI18n();
  const clients = useClientPicker();
  const directions = useDirections();
  return (
    <>
      <select
        aria-label={t('email.client')}
        data-testid={`${props.kind}-client-${props.messageId}`}
        value={props.clientId ?? ''}
        onChange={(e) => props.onClient(e.target.value ? Number(e.target.value) : null)}
      >
        <option value="">{t('email.pickClient')}</option>
        {(clients.data?.rows ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.code} · {c.name}
          </option>
        ))}
      </select>
      <select
        aria-label={t('email.direction')}
        data-testid={`${props.kind}-direction-${props.messageId}`}
        value={props.direction}
        onChange={(e) => props.onDirection(e.target.value)}
      >
        {(directions.data ?? []).map((d) => (
          <option key={d} value={d}>
            {directionLabel(t, d)}
          </option>
        ))}
      </select>
    </>
  );
}

function TriageRow({ message: m }: { message: MailMessageDto }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const nav = useNavigation();
  const [clientId, setClientId] = useState<number | null>(null);
  const [direction, setDirection] = useState('software');
  // A possibly forged sender is not offered as a contact by default: as one, their next mail
  // naming the ticket would write on it.
  const [addContact, setAddContact] = useState(m.problem?.code !== 'possible_spoof');
  const refresh = () => void qc.invalidateQueries({ queryKey: ['mail'] });
  const accept = useMutation({
    mutationFn: () => backend.acceptTriage({ messageId: m.id, clientId: clientId ?? 0, direction, addContact }),
    onSuccess: (ticket) => {
      refresh();
      void qc.invalidateQueries({ queryKey: ['queue'] });
      nav.go({ kind: 'ticket', id: ticket.id });
    },
  });
  const dismiss = useMutation({ mutationFn: () => backend.dismissTriage(m.id), onSuccess: refresh });
  const onto = useMutation({
    mutationFn: () => backend.acceptOntoTicket(m.id),
    onSuccess: (ticket) => {
      refresh();
      nav.go({ kind: 'ticket', id: ticket.id });
    },
  });
  const spoof = m.problem?.code === 'possible_spoof' ? m.problem : null;
  return (
    <li className="mail-row" data-testid={`triage-${m.id}`}>
      <Sender m={m} />
      {m.problem ? (
        <div className="form-error" data-testid={`triage-reason-${m.id}`}>
          {mailProblemText(t, m.problem)}
        </div>
      ) : null}
      <div className="row-actions">
        {spoof ? (
          <button
            type="button"
            className="btn"
            data-testid={`triage-onto-ticket-${m.id}`}
            disabled={onto.isPending}
            onClick={() => onto.mutate()}
          >
            {t('email.ontoTicket', { number: spoof.ticket })}
          </button>
        ) : null}
        <ClientAndDirection
          kind="triage"
          messageId={m.id}
          clientId={clientId}
          onClient={setClientId}
          direction={direction}
          onDirection={setDirection}
        />
        <label className="check">
          <input
            type="checkbox"
            data-testid={`triage-add-contact-${m.id}`}
            checked={addContact}
            onChange={(e) => setAddContact(e.target.checked)}
          />{' '}
          {t('email.addContact')}
        </label>
        <button
          type="button"
          className="btn btn-primary"
          data-testid={`triage-accept-${m.id}`}
          disabled={clientId === null || accept.isPending}
          onClick={() => accept.mutate()}
        >
          {t('email.makeTicket')}
        </button>
        <button type="button" className="btn btn-ghost" data-testid={`triage-dismiss-${m.id}`} onClick={() => dismiss.mutate()}>
          {t('email.dismiss')}
        </button>
      </div>
      <FormError error={accept.error ?? dismiss.error ?? onto.error} />
    </li>
  );
}

function QuarantineRow({ message: m }: { message: MailMessageDto }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const nav = useNavigation();
  const [open, setOpen] = useState(false);
  const [clientId, setClientId] = useState<number | null>(null);
  const [direction, setDirection] = useState('software');
  const [charset, setCharset] = useState<string | null>(null);
  const source = useQuery({ queryKey: ['mail', 'source', m.id], queryFn: () => backend.mailSource(m.id), enabled: open });
  // The text as decoded, or read again in the charset picked: what the ticket will say.
  const reading = useQuery({ queryKey: ['mail', 'read', m.id, charset], queryFn: () => backend.readMail(m.id, charset) });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['mail'] });
  const accept = useMutation({
    mutationFn: () => backend.acceptQuarantine({ messageId: m.id, clientId: clientId ?? 0, direction, charset }),
    onSuccess: (ticket) => {
      refresh();
      void qc.invalidateQueries({ queryKey: ['queue'] });
      nav.go({ kind: 'ticket', id: ticket.id });
    },
  });
  const dismiss = useMutation({ mutationFn: () => backend.dismissQuarantine(m.id), onSuccess: refresh });
  const download = useMutation({ mutationFn: () => backend.saveMailSource(m.id) });
  const r = reading.data;
  return (
    <li className="mail-row" data-testid={`quarantine-${m.id}`}>
      <Sender m={m} />
      <div className="form-error" data-testid={`quarantine-reason-${m.id}`}>
        {m.problem ? mailProblemText(t, m.problem) : m.reason}
      </div>
      {r ? (
        <div className="mail-reading" data-testid={`quarantine-reading-${m.id}`}>
          {r.from === null ? <div className="hint">{t('email.noRequesterWarning')}</div> : null}
          {r.problem && charset !== null ? <div className="form-error">{mailProblemText(t, r.problem)}</div> : null}
          {r.notes.map((n, i) => (
            <div key={i} className="hint">
              {mailNoteText(t, n)}
            </div>
          ))}
          <pre className="mail-source" data-testid={`quarantine-text-${m.id}`}>
            {r.subject ? `${r.subject}\n\n` : ''}
            {r.text}
          </pre>
        </div>
      ) : null}
      <div className="row-actions">
        <select
          aria-label={t('email.charset')}
          data-testid={`quarantine-charset-${m.id}`}
          value={charset ?? ''}
          onChange={(e) => setCharset(e.target.value || null)}
        >
          <option value="">{t('email.asDecoded')}</option>
          {(r?.charsets ?? []).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <ClientAndDirection
          kind="quarantine"
          messageId={m.id}
          clientId={clientId}
          onClient={setClientId}
          direction={direction}
          onDirection={setDirection}
        />
        <button
          type="button"
          className="btn btn-primary"
          data-testid={`quarantine-accept-${m.id}`}
          disabled={clientId === null || accept.isPending}
          onClick={() => accept.mutate()}
        >
          {t('email.makeTicket')}
        </button>
        <button type="button" className="btn btn-ghost" data-testid={`quarantine-dismiss-${m.id}`} onClick={() => dismiss.mutate()}>
          {t('email.dismiss')}
        </button>
      </div>
      <div className="row-actions">
        <button type="button" className="btn btn-ghost" data-testid={`quarantine-source-${m.id}`} onClick={() => setOpen(!open)}>
          {open ? t('email.hideSource') : t('email.showSource')}
        </button>
        <button type="button" className="btn btn-ghost" data-testid={`quarantine-download-${m.id}`} onClick={() => download.mutate()}>
          {t('email.downloadSource')}
        </button>
        {download.data ? (
          <span className="hint" data-testid={`quarantine-saved-${m.id}`}>
            {t('email.sourceSaved', { path: download.data.path })}
          </span>
        ) : null}
      </div>
      {open && source.data !== undefined ? <pre className="mail-source">{source.data}</pre> : null}
      <FormError error={accept.error ?? dismiss.error ?? download.error ?? reading.error} />
    </li>
  );
}

function DeadLetter(p: { id: number; number: string | null; to: string; subject: string; error: string | null }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const retry = useMutation({
    mutationFn: () => backend.retryOutbox(p.id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['mail'] });
      void qc.invalidateQueries({ queryKey: ['ticket'] });
    },
  });
  return (
    <li className="mail-row" data-testid={`dead-letter-${p.id}`}>
      <div>
        <strong>{p.number}</strong> · {p.to} · {p.subject}
      </div>
      <div className="form-error">{p.error}</div>
      <button type="button" className="btn" data-testid={`dead-letter-retry-${p.id}`} disabled={retry.isPending} onClick={() => retry.mutate()}>
        {t('email.retry')}
      </button>
      <FormError error={retry.error} />
    </li>
  );
}
