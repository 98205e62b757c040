// Tickets that belong together: related links both ways, and merging a duplicate into the
// ticket that stays (its thread moves over; it closes pointing there).
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { TicketCard } from '../../lib/backend';
import { useT } from '../../lib/i18n';
import { keys } from '../../lib/queries';
import { FieldError, FormError, StatusPill } from '../../lib/ui';
import { useNavigation } from '../../app/navigation';
import { useTicketChanged } from './useTicketChanged';

export function RelatedPanel({ card }: { card: TicketCard }) {
  const t = useT();
  const nav = useNavigation();
  const qc = useQueryClient();
  const { ticket } = card;
  const changed = useTicketChanged(ticket.id);
  const [related, setRelated] = useState('');
  const [into, setInto] = useState('');
  const [note, setNote] = useState('');

  const onCard = (next: TicketCard) => {
    qc.setQueryData(keys.ticket(ticket.id), next);
    for (const r of next.related) void qc.invalidateQueries({ queryKey: keys.ticket(r.id) });
    changed();
  };
  const link = useMutation({
    mutationFn: () => backend.linkTicket({ ticketId: ticket.id, related, version: ticket.version }),
    onSuccess: (next) => {
      setRelated('');
      onCard(next);
    },
  });
  const unlink = useMutation({
    mutationFn: (number: string) => backend.unlinkTicket({ ticketId: ticket.id, related: number, version: ticket.version }),
    onSuccess: onCard,
  });
  const merge = useMutation({
    mutationFn: () => backend.mergeTicket({ ticketId: ticket.id, into, note: note.trim() || null, version: ticket.version }),
    onSuccess: (survivor) => {
      changed();
      void qc.invalidateQueries({ queryKey: keys.ticket(survivor.id) });
      setInto('');
      setNote('');
    },
  });
  const linkErr = link.error ? backend.BackendError.from(link.error) : null;
  const mergeErr = merge.error ? backend.BackendError.from(merge.error) : null;

  return (
    <section className="panel related-panel">
      <h3 className="panel-title">{t('related.title')}</h3>
      {card.related.length === 0 ? <p className="muted">{t('related.none')}</p> : null}
      <ul className="related-list">
        {card.related.map((r) => (
          <li key={r.id} data-testid={`related-${r.number}`}>
            <button type="button" className="link-button" onClick={() => nav.go({ kind: 'ticket', id: r.id })}>
              <span className="mono">{r.number}</span> {r.subject}
            </button>
            <StatusPill status={r.status} />
            <button
              type="button"
              className="btn btn-ghost btn-small"
              data-testid={`unlink-${r.number}`}
              aria-label={t('related.unlink', { number: r.number })}
              title={t('related.unlink', { number: r.number })}
              disabled={unlink.isPending}
              onClick={() => unlink.mutate(r.number)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          link.mutate();
        }}
      >
        <input
          data-testid="link-target"
          aria-label={t('related.add')}
          placeholder="SB-000123"
          value={related}
          aria-invalid={linkErr?.field === 'related'}
          onChange={(e) => setRelated(e.target.value)}
        />
        <button type="submit" className="btn btn-small" data-testid="link-add" disabled={!related.trim() || link.isPending}>
          {t('related.link')}
        </button>
      </form>
      {linkErr?.field === 'related' ? <FieldError field="related" message={linkErr.message} /> : <FormError error={link.error ?? unlink.error} />}

      {ticket.mergedInto ? null : (
        <details className="merge" data-testid="merge">
          <summary>{t('merge.title')}</summary>
          <p className="hint">{t('merge.hint')}</p>
          <form
            className="merge-form"
            onSubmit={(e) => {
              e.preventDefault();
              merge.mutate();
            }}
          >
            <input
              data-testid="merge-target"
              aria-label={t('merge.into')}
              placeholder={t('merge.into')}
              value={into}
              aria-invalid={mergeErr?.field === 'into'}
              onChange={(e) => setInto(e.target.value)}
            />
            <input
              data-testid="merge-note"
              aria-label={t('merge.note')}
              placeholder={t('merge.note')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
            <button type="submit" className="btn btn-small btn-danger" data-testid="merge-confirm" disabled={!into.trim() || merge.isPending}>
              {t('merge.confirm')}
            </button>
          </form>
          {mergeErr?.field === 'into' ? <FieldError field="into" message={mergeErr.message} /> : <FormError error={merge.error} />}
        </details>
      )}
    </section>
  );
}

/** Shown on a duplicate: where its thread went. */
export function MergedBanner({ number, id }: { number: string; id: number }) {
  const t = useT();
  const nav = useNavigation();
  return (
    <div className="banner banner-info" data-testid="merged-banner">
      {t('merge.banner')}{' '}
      <button type="button" className="link-button mono" onClick={() => nav.go({ kind: 'ticket', id })}>
        {number}
      </button>
    </div>
  );
}
