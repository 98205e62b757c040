// One article: read it, edit it, or write a new one (from scratch, or drafted from a resolved
// ticket). Nothing typed is lost when the back end refuses a field.
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { ArticleDto, ArticleInput } from '../../lib/backend';
import { directionLabel, useI18n } from '../../lib/i18n';
import { formatDateTime } from '../../lib/format';
import { useDirections } from '../../lib/queries';
import { Field, FieldError, FormError } from '../../lib/ui';
import { useNavigation } from '../../app/navigation';

const EMPTY: ArticleInput = { title: '', problem: '', fix: '', direction: null, tags: '', sourceTicketId: null };

export function ArticleEditor({ id, draftFrom }: { id: number | null; draftFrom?: number }) {
  const { t, language } = useI18n();
  const nav = useNavigation();
  const qc = useQueryClient();
  const directions = useDirections();
  const article = useQuery({ queryKey: ['kb', 'article', id], queryFn: () => backend.kbArticle(id!), enabled: id !== null });
  const draft = useQuery({ queryKey: ['kb', 'draft', draftFrom], queryFn: () => backend.articleDraft(draftFrom!), enabled: draftFrom !== undefined });
  const [form, setForm] = useState<ArticleInput>(EMPTY);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    if (loaded) return;
    if (article.data) {
      setForm(toInput(article.data));
      setLoaded(true);
    } else if (draft.data) {
      setForm(draft.data);
      setLoaded(true);
    }
  }, [article.data, draft.data, loaded]);

  const save = useMutation({
    mutationFn: () =>
      article.data ? backend.updateArticle({ id: article.data.id, seenUpdatedAt: article.data.updatedAt, input: form }) : backend.createArticle(form),
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: ['kb'] });
      qc.setQueryData(['kb', 'article', saved.id], saved);
      setForm(toInput(saved));
      nav.go({ kind: 'article', id: saved.id });
    },
  });
  const err = save.error ? backend.BackendError.from(save.error) : null;
  const fieldErr = (f: string) => (err?.code === 'invalid_input' && err.field === f ? err.message : null);
  const set = (patch: Partial<ArticleInput>) => setForm((f) => ({ ...f, ...patch }));

  return (
    <section className="page narrow article-page">
      <button type="button" className="btn btn-ghost" onClick={() => nav.go({ kind: 'kb' })}>
        ← {t('kb.back')}
      </button>
      <FormError error={article.error ?? draft.error} />
      <form
        className="form panel"
        data-testid="kb-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        {form.sourceTicketId !== null ? (
          <p className="hint">
            {t('kb.fromTicket')}{' '}
            <button type="button" className="link-button mono" onClick={() => nav.go({ kind: 'ticket', id: form.sourceTicketId! })}>
              {`SB-${String(form.sourceTicketId).padStart(6, '0')}`}
            </button>
          </p>
        ) : null}
        <Field label={t('kb.title')} htmlFor="kb-title" error={<FieldError field="title" message={fieldErr('title')} />}>
          <input id="kb-title" data-testid="kb-title" value={form.title} onChange={(e) => set({ title: e.target.value })} />
        </Field>
        <Field label={t('kb.problem')} htmlFor="kb-problem" error={<FieldError field="problem" message={fieldErr('problem')} />}>
          <textarea id="kb-problem" data-testid="kb-problem" rows={4} value={form.problem} onChange={(e) => set({ problem: e.target.value })} />
        </Field>
        <Field label={t('kb.fix')} htmlFor="kb-fix" error={<FieldError field="fix" message={fieldErr('fix')} />}>
          <textarea id="kb-fix" data-testid="kb-fix" rows={5} value={form.fix} onChange={(e) => set({ fix: e.target.value })} />
        </Field>
        <div className="form-grid">
          <Field label={t('kb.direction')} htmlFor="kb-direction" error={<FieldError field="direction" message={fieldErr('direction')} />}>
            <select id="kb-direction" data-testid="kb-direction" value={form.direction ?? ''} onChange={(e) => set({ direction: e.target.value || null })}>
              <option value="">{t('kb.anyDirection')}</option>
              {(directions.data ?? []).map((d) => (
                <option key={d} value={d}>
                  {directionLabel(t, d)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('kb.tags')} htmlFor="kb-tags" hint={t('kb.tagsHint')}>
            <input id="kb-tags" data-testid="kb-tags" value={form.tags} onChange={(e) => set({ tags: e.target.value })} />
          </Field>
        </div>
        {err && !fieldErr(err.field ?? '') ? <FormError error={save.error} /> : null}
        <div className="row-actions">
          <button type="submit" className="btn btn-primary" data-testid="kb-save" disabled={save.isPending}>
            {t('kb.save')}
          </button>
          {article.data ? (
            <span className="muted">
              {t('kb.updated', { name: article.data.createdByName, at: formatDateTime(article.data.updatedAt, language) })}
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}

function toInput(a: ArticleDto): ArticleInput {
  return { title: a.title, problem: a.problem, fix: a.fix, direction: a.direction, tags: a.tags.join(', '), sourceTicketId: a.sourceTicketId };
}
