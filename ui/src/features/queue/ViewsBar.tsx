// The queue's views: built-in ones every desk needs and the ones this person saved, each with
// a count the back end bounds (1000+), refreshed when tickets change, never per render.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { QueueViewDto } from '../../lib/backend';
import { useT, type MessageKey } from '../../lib/i18n';
import { keys } from '../../lib/queries';
import { FieldError, FormError } from '../../lib/ui';
import { fromQuery, showsView, toQuery, type QueueFilters } from './filters';

export function ViewsBar({ filters, onApply, me }: { filters: QueueFilters; onApply: (f: QueueFilters) => void; me: number }) {
  const t = useT();
  const qc = useQueryClient();
  const views = useQuery({ queryKey: keys.views, queryFn: backend.queueViews, staleTime: 15_000 });
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () => backend.saveView({ name, query: { ...toQuery(filters, me, null), limit: null } }),
    onSuccess: () => {
      setNaming(false);
      setName('');
      void qc.invalidateQueries({ queryKey: keys.views });
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => backend.deleteView(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.views }),
  });
  const saveErr = save.error ? backend.BackendError.from(save.error) : null;

  const label = (v: QueueViewDto) => (v.builtIn ? t(`views.${v.key}` as MessageKey) : v.name);
  return (
    <div className="views-bar" aria-label={t('views.title')}>
      {(views.data ?? []).map((v) => {
        const on = showsView(filters, v.query, me);
        return (
          <span key={v.key} className={`view-chip ${on ? 'active' : ''}`}>
            <button
              type="button"
              data-testid={`view-${v.key}`}
              aria-pressed={on}
              onClick={() => onApply({ ...fromQuery(v.query, me), sort: filters.sort })}
            >
              {label(v)} <span className="view-count">{v.more ? `${v.count}+` : v.count}</span>
            </button>
            {v.id !== null ? (
              <button
                type="button"
                className="view-delete"
                data-testid={`view-delete-${v.id}`}
                aria-label={t('views.delete', { name: v.name })}
                title={t('views.delete', { name: v.name })}
                onClick={() => remove.mutate(v.id!)}
              >
                ×
              </button>
            ) : null}
          </span>
        );
      })}
      {naming ? (
        <form
          className="view-save"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <input
            data-testid="view-name"
            autoFocus
            aria-label={t('views.name')}
            placeholder={t('views.name')}
            value={name}
            aria-invalid={saveErr?.field === 'name'}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="btn btn-small" data-testid="view-save-confirm" disabled={!name.trim() || save.isPending}>
            {t('views.saveConfirm')}
          </button>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setNaming(false)}>
            {t('common.cancel')}
          </button>
          {saveErr?.field === 'name' ? <FieldError field="name" message={saveErr.message} /> : <FormError error={save.error} />}
        </form>
      ) : (
        <button type="button" className="btn btn-ghost btn-small" data-testid="view-save" onClick={() => setNaming(true)}>
          + {t('views.save')}
        </button>
      )}
      <FormError error={views.error ?? remove.error} />
    </div>
  );
}
