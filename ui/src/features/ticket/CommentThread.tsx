// The conversation: public comments go to the client, the vendor or both (the engineer
// chooses once the ticket has a vendor case), internal ones stay in the team.
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { Audience, BondDto, CommentDto, Visibility } from '../../lib/backend';
import { vendorKeys } from '../vendors/shared';
import { channelLabel, useI18n } from '../../lib/i18n';
import { kept } from '../../lib/messages';
import { formatDateTime, formatRelative } from '../../lib/format';
import { FieldError, FormError, LockIcon } from '../../lib/ui';
import { useTicketChanged } from './useTicketChanged';
import { useCardPainted } from './firstPaint';

/** Whom a public comment goes to when the engineer does not choose: the back end's rule
 * (sb-domain's `Audience::default_for`), shown in the form: both while a vendor still works a
 * case (`takesComments`), the client alone once every case is resolved. */
export function defaultAudience(bonds: BondDto[]): Audience {
  return bonds.some((b) => b.takesComments) ? 'both' : 'client';
}

export function CommentThread({ ticketId, comments }: { ticketId: number; comments: CommentDto[] }) {
  const { t, language } = useI18n();
  const changed = useTicketChanged(ticketId);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [chosen, setChosen] = useState<Audience | null>(null);
  // The same query as the card's vendor panel: one request for both.
  const painted = useCardPainted();
  const bonds = useQuery({ queryKey: vendorKeys.bonds(ticketId), queryFn: () => backend.ticketBonds(ticketId), enabled: painted });
  const hasCases = (bonds.data?.length ?? 0) > 0;
  const audience: Audience = chosen ?? defaultAudience(bonds.data ?? []);
  const sendAudience = visibility === 'public' && hasCases ? audience : null;

  const send = useMutation({
    mutationFn: () => backend.addComment({ ticketId, body, visibility }, sendAudience),
    onSuccess: () => {
      setBody('');
      setChosen(null);
      changed();
    },
  });
  const err = send.error ? backend.BackendError.from(send.error) : null;
  const bodyErr = err?.code === 'invalid_input' && err.field === 'body' ? err.message : null;
  const audienceErr = err?.code === 'invalid_input' && err.field === 'audience' ? err.message : null;
  const submit = () => {
    if (!send.isPending) send.mutate();
  };

  return (
    <section className="panel">
      <h3 className="panel-title">
        {t('card.comments')} <span className="count">{comments.length}</span>
      </h3>
      {comments.length === 0 ? <p className="muted">{t('card.noComments')}</p> : null}
      <ol className="comments">
        {comments.map((c) => (
          <li
            key={c.id}
            className={`comment comment-${c.visibility}${c.vendor ? ' comment-vendor' : ''}`}
            data-testid={`comment-${c.id}`}
            data-visibility={c.visibility}
            data-vendor={c.vendor ? 'true' : undefined}
          >
            <div className="comment-head">
              {c.vendor ? (
                <>
                  <strong data-testid={`comment-vendor-${c.id}`}>{c.vendor}</strong>
                  <span className="vendor-badge" data-testid={`comment-vendor-badge-${c.id}`}>
                    {t('comment.vendorBadge')}
                  </span>
                </>
              ) : c.sender ? (
                <>
                  <strong data-testid={`comment-sender-${c.id}`}>{c.sender}</strong>
                  <span className="muted">{t('comment.viaSystem', { name: c.authorName })}</span>
                </>
              ) : (
                <strong>{c.authorName}</strong>
              )}
              {c.visibility === 'internal' ? (
                <span className="internal-tag">
                  <LockIcon /> {t('card.internalLabel')}
                </span>
              ) : null}
              {c.vendor ? null : <span className="muted">· {channelLabel(t, c.channel)}</span>}
              {c.audience && c.visibility === 'public' ? (
                <span className="muted comment-audience" data-testid={`comment-audience-${c.id}`}>
                  · {t(`audience.to.${c.audience}`)}
                </span>
              ) : null}
              {c.notice ? (
                <span className="notice-badge" data-testid={`comment-notice-${c.id}`}>
                  {t('notices.mail', { kind: t(`notices.kind.${c.notice}`) })}
                </span>
              ) : null}
              {c.movedFrom ? <span className="muted moved-from">· {t('comment.movedFrom', { number: c.movedFrom })}</span> : null}
              <span className="muted comment-time" title={formatDateTime(c.createdAt, language)}>
                {formatRelative(c.createdAt, language)}
              </span>
            </div>
            <div className="comment-body">{kept(c.body, c.bodyMsg, language)}</div>
          </li>
        ))}
      </ol>
      <form
        className={`composer composer-${visibility}`}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <textarea
          data-testid="comment-body"
          rows={3}
          value={body}
          aria-label={t('card.commentPlaceholder')}
          placeholder={t('card.commentPlaceholder')}
          onChange={(e) => setBody(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <FieldError field="body" message={bodyErr} />
        <FieldError field="audience" message={audienceErr} />
        <div className="composer-bar">
          <select
            data-testid="comment-visibility"
            value={visibility}
            aria-label={t('visibility.public') + ' / ' + t('visibility.internal')}
            onChange={(e) => setVisibility(e.target.value as Visibility)}
          >
            <option value="public">{t('visibility.public')}</option>
            <option value="internal">{t('visibility.internal')}</option>
          </select>
          {visibility === 'public' && hasCases ? (
            <select
              data-testid="comment-audience"
              value={audience}
              aria-label={t('audience.label')}
              onChange={(e) => setChosen(e.target.value as Audience)}
            >
              <option value="client">{t('audience.client')}</option>
              <option value="vendor">{t('audience.vendor')}</option>
              <option value="both">{t('audience.both')}</option>
            </select>
          ) : null}
          <span className="muted composer-hint">
            {visibility === 'internal' ? (
              <>
                <LockIcon /> {t('card.commentInternal')}
              </>
            ) : hasCases ? (
              t(`audience.hint.${audience}`)
            ) : (
              t('card.commentPublic')
            )}
          </span>
          <button type="submit" className="btn btn-primary" data-testid="comment-submit" disabled={send.isPending || !body.trim()}>
            {t('card.send')}
          </button>
        </div>
        {err && !bodyErr && !audienceErr ? <FormError error={err} /> : null}
      </form>
    </section>
  );
}
