// Settings -> Monitoring: the alert sources with their last poll and last error, the add/edit
// form, "Poll now", and the firing alerts no ticket could be made for.
import { useCan } from '../../lib/queries';
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { AlertSourceDto, PollReport } from '../../lib/backend';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { FormError } from '../../lib/ui';
import { kept } from '../../lib/messages';
import { SourceForm } from './SourceForm';

export const monitoringKeys = {
  sources: ['monitoring', 'sources'] as const,
  unmatched: ['monitoring', 'unmatched'] as const,
};

export function MonitoringSettings() {
  const { t, language } = useI18n();
  const canSources = useCan('alert_sources');
  const qc = useQueryClient();
  // The worker polls in the background: refresh the status now and then.
  const sources = useQuery({ queryKey: monitoringKeys.sources, queryFn: backend.listAlertSources, refetchInterval: 10_000 });
  const unmatched = useQuery({ queryKey: monitoringKeys.unmatched, queryFn: backend.listUnmatchedAlerts, refetchInterval: 10_000 });
  const [editing, setEditing] = useState<AlertSourceDto | 'new' | null>(null);
  const [report, setReport] = useState<PollReport | null>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['monitoring'] });
    void qc.invalidateQueries({ queryKey: ['queue'] });
    // A poll may have opened, resolved or reopened tickets whose cards are cached.
    void qc.invalidateQueries({ queryKey: ['ticket'] });
  };
  const poll = useMutation({
    mutationFn: (id: number) => backend.pollAlertSource(id),
    onSuccess: (r) => setReport(r),
    onSettled: refresh,
  });
  const remove = useMutation({ mutationFn: (id: number) => backend.deleteAlertSource(id), onSettled: refresh });

  return (
    <div className="monitoring-settings" data-testid="monitoring-settings">
      <div className="panel">
        <div className="page-head">
          <h3 className="panel-title">{t('monitoring.title')}</h3>
          <span className="toolbar-spacer" />
          {editing || !canSources ? null : (
            <button type="button" className="btn btn-small" data-testid="monitoring-add" onClick={() => setEditing('new')}>
              + {t('monitoring.add')}
            </button>
          )}
        </div>
        <p className="hint">{t('monitoring.lead')}</p>
        {sources.data?.length === 0 ? <p className="muted">{t('monitoring.none')}</p> : null}
        <ul className="monitoring-sources">
          {(sources.data ?? []).map((s) => (
            <li key={s.id} className="monitoring-source" data-testid={`monitoring-source-${s.id}`}>
              <div className="toolbar">
                <strong data-testid="monitoring-source-name">{s.name}</strong>
                <code className="muted">{s.baseUrl}</code>
                {s.enabled ? null : <span className="pill pill-closed">{t('monitoring.disabled')}</span>}
                <span className="toolbar-spacer" />
                <button
                  type="button"
                  className="btn btn-small"
                  data-testid={`monitoring-poll-${s.id}`}
                  disabled={poll.isPending}
                  onClick={() => {
                    setReport(null);
                    poll.mutate(s.id);
                  }}
                >
                  {poll.isPending && poll.variables === s.id ? t('monitoring.polling') : t('monitoring.pollNow')}
                </button>
                <button type="button" className="btn btn-small" data-testid={`monitoring-edit-${s.id}`} onClick={() => setEditing(s)}>
                  {t('monitoring.edit')}
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-ghost"
                  data-testid={`monitoring-remove-${s.id}`}
                  onClick={() => {
                    if (window.confirm(t('monitoring.removeConfirm', { name: s.name }))) remove.mutate(s.id);
                  }}
                >
                  {t('monitoring.remove')}
                </button>
              </div>
              <div className="hint" data-testid={`monitoring-status-${s.id}`}>
                <span title={s.lastPolledAt ? formatDateTime(s.lastPolledAt, language) : undefined}>
                  {s.lastPolledAt ? t('monitoring.lastPoll', { when: formatRelative(s.lastPolledAt, language) }) : t('monitoring.neverPolled')}
                </span>
                {' · '}
                <span data-testid={`monitoring-firing-${s.id}`}>{t('monitoring.firing', { count: s.firing })}</span>
              </div>
              {s.lastError ? (
                <div className="field-error" role="alert" data-testid={`monitoring-error-${s.id}`}>
                  {kept(s.lastError, s.lastErrorMsg, language)}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        {report ? (
          <div className="notice" data-testid="monitoring-poll-result">
            {t('monitoring.pollResult', {
              name: report.sourceName,
              opened: report.opened,
              repeated: report.repeated,
              resolved: report.resolved,
              reopened: report.reopened,
              unmatched: report.unmatched,
            })}
            {report.refused > 0 ? <> {t('monitoring.pollRefused', { refused: report.refused })}</> : null}
          </div>
        ) : null}
        <FormError error={poll.error ?? remove.error} />
      </div>
      {editing ? (
        <SourceForm
          key={editing === 'new' ? 'new' : editing.id}
          source={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      ) : null}
      <div className="panel" data-testid="monitoring-unmatched">
        <h3 className="panel-title">{t('monitoring.unmatched')}</h3>
        <p className="hint">{t('monitoring.unmatchedHint')}</p>
        {unmatched.data?.length === 0 ? <p className="muted">{t('monitoring.unmatchedNone')}</p> : null}
        <ul className="monitoring-sources">
          {(unmatched.data ?? []).map((u) => (
            <li key={`${u.sourceId}-${u.fingerprint}`} data-testid="monitoring-unmatched-row">
              <div className="toolbar">
                <code>{u.fingerprint}</code>
                <span className="muted">{u.sourceName}</span>
                <span className="toolbar-spacer" />
                <span className="hint">{formatRelative(u.lastSeen, language)}</span>
              </div>
              <div className="mono muted">
                {Object.entries(u.labels)
                  .map(([k, v]) => `${k}=${v ?? ''}`)
                  .join(' ')}
              </div>
              <div className="field-error" data-testid="monitoring-unmatched-reason">
                {t('monitoring.reason')}: {u.reason}
              </div>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
