// Settings -> Background work: each unit of the workspace's background work (a mailbox's
// reading and replies, an alert source, a vendor's sync and deliveries), which process holds
// it, how it went, and what waits to go.
import { useQuery } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { WorkKind, WorkUnitDto } from '../../lib/backend';
import { useI18n, type Translate } from '../../lib/i18n';
import { formatDateTime, formatRelative } from '../../lib/format';
import { FormError } from '../../lib/ui';
import { say, kept } from '../../lib/messages';

export const workKindLabel = (t: Translate, k: WorkKind) => t(`work.kind.${k}`);

function Holder({ unit }: { unit: WorkUnitDto }) {
  const { t, language } = useI18n();
  if (!unit.holder) return <span className="muted">{t('work.nobody')}</span>;
  return (
    <span>
      {unit.heldHere ? <strong>{t('work.thisProcess')}</strong> : unit.holder}
      {unit.heldSince !== null ? (
        <span className="muted" title={formatDateTime(unit.heldSince, language)}>
          {' · '}
          {t('work.since', { when: formatRelative(unit.heldSince, language) })}
        </span>
      ) : null}
    </span>
  );
}

export function WorkUnits() {
  const { t, language } = useI18n();
  // Holds are renewed by heartbeats, which the change feed does not carry: read again while
  // the panel is open.
  const status = useQuery({ queryKey: ['work', 'status'], queryFn: backend.workStatus, refetchInterval: 5_000 });
  if (status.error) return <FormError error={status.error} />;
  const s = status.data;
  if (!s) return null;
  return (
    <div className="work-units" data-testid="work-units">
      <div className="hint">{t('work.hint', { process: s.thisProcess, seconds: s.leaseSeconds })}</div>
      {s.units.length === 0 ? (
        <div className="muted">{t('work.none')}</div>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('work.col.work')}</th>
              <th>{t('work.col.holder')}</th>
              <th>{t('work.col.success')}</th>
              <th>{t('work.col.error')}</th>
              <th>{t('work.col.waiting')}</th>
            </tr>
          </thead>
          <tbody>
            {s.units.map((u) => (
              <tr key={u.unit} data-testid={`work-unit-${u.unit}`}>
                <td>
                  {workKindLabel(t, u.kind)}
                  {u.target ? <> · <strong>{u.target}</strong></> : null}
                  {u.notHere ? <div className="hint">{t('work.notHere', { why: say(u.notHere, language) })}</div> : null}
                </td>
                <td>
                  <Holder unit={u} />
                </td>
                <td>
                  {u.lastSuccessAt !== null ? (
                    <span title={formatDateTime(u.lastSuccessAt, language)}>{formatRelative(u.lastSuccessAt, language)}</span>
                  ) : (
                    <span className="muted">{t('work.never')}</span>
                  )}
                </td>
                <td>
                  {u.lastError ? (
                    <span className="field-error" data-testid={`work-error-${u.unit}`}>
                      {u.lastErrorAt !== null ? `${formatRelative(u.lastErrorAt, language)}: ` : ''}
                      {kept(u.lastError ?? '', u.lastErrorMsg, language)}
                    </span>
                  ) : null}
                  {u.errors > 0 ? <div className="muted">{t('work.errors', { count: u.errors })}</div> : null}
                </td>
                <td>{u.queueDepth ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
