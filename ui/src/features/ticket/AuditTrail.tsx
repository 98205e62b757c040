// The audit trail, compact: who · what changed · old → new · when.
import type { AuditEntryDto, Channel, Level, Line, Priority, Status, Visibility } from '../../lib/backend';
import { directionLabel, levelLabel, useI18n, type MessageKey, type Translate } from '../../lib/i18n';
import { formatDateTime, formatRelative } from '../../lib/format';
import { kept } from '../../lib/messages';

const KNOWN = [
  'created', 'status', 'assignee', 'line', 'comment', 'resolution_note', 'note', 'merged_into', 'merged', 'link', 'vendor_case',
  'client', 'direction', 'impact', 'urgency', 'priority', 'subject', 'description', 'sla_breach',
];
const BOND_STATES = ['pending', 'open', 'suspended', 'resolved', 'closed', 'failed'];

function valueText(t: Translate, field: string, value: string | null): string | null {
  if (value === null) return field === 'assignee' ? t('common.nobody') : null;
  switch (field) {
    case 'status':
      return t(`status.${value as Status}`);
    case 'line':
      return t(`line.${value as Line}`);
    case 'comment':
      return value === 'public' || value === 'internal' ? t(`visibility.${value as Visibility}`) : value;
    case 'channel':
      return t(`channel.${value as Channel}`);
    case 'direction':
      return directionLabel(t, value);
    case 'impact':
    case 'urgency':
      return levelLabel(t, value as Level);
    case 'priority':
      return t(`priority.${value as Priority}`);
    case 'sla_breach':
      return value === 'first_response' ? t('sla.firstResponse') : value === 'resolution' ? t('sla.resolution') : value;
    case 'vendor_case':
      if (value === 'gone') return t('vendors.gone');
      return BOND_STATES.includes(value) ? t(`vendors.state.${value}` as MessageKey) : value;
    default:
      return value;
  }
}

export function AuditTrail({ audit }: { audit: AuditEntryDto[] }) {
  const { t } = useI18n();
  return (
    <section className="panel">
      <h3 className="panel-title">{t('card.audit')}</h3>
      {audit.length === 0 ? <p className="muted">{t('card.noAudit')}</p> : null}
      <ol className="audit" data-testid="audit-trail">
        {audit.map((a) => (
          <AuditLine key={a.id} entry={a} />
        ))}
      </ol>
    </section>
  );
}

/** One line of the trail: who, what, old → new, when (`absolute`: the time itself, not "5 min ago"). */
export function AuditLine({ entry: a, absolute = false, testId = 'audit-entry' }: { entry: AuditEntryDto; absolute?: boolean; testId?: string }) {
  const { t, language } = useI18n();
  const unlinked = a.field === 'link' && a.newValue === null;
  const what = unlinked
    ? t('audit.unlink')
    : KNOWN.includes(a.field)
      ? t(`audit.${a.field}` as MessageKey)
      : t('audit.other', { field: a.field });
  const isText = a.field === 'note' || a.field === 'resolution_note' || a.field === 'description';
  const oldV = valueText(t, a.field, a.oldValue);
  // A note the system wrote comes as a message, worded in the reader's language.
  const newV = a.newValueMsg ? kept(a.newValue ?? '', a.newValueMsg, language) : valueText(t, a.field, a.newValue);
  return (
    <li className={`audit-entry audit-${a.field}`} data-testid={testId}>
      <div className="audit-line">
        <span className="audit-who">
          <strong>{a.actorName}</strong> {what}
        </span>
        <span className="muted audit-time" title={formatDateTime(a.at, language)}>
          {absolute ? formatDateTime(a.at, language) : formatRelative(a.at, language)}
        </span>
      </div>
      {isText && newV ? (
        <div className="audit-note">“{newV}”</div>
      ) : oldV !== null || newV !== null ? (
        <div className="audit-change">
          {!['created', 'comment', 'merged_into', 'merged', 'link', 'sla_breach'].includes(a.field) ? (
            <>
              <span className="old">{oldV ?? '—'}</span> <span aria-hidden="true">→</span>{' '}
            </>
          ) : null}
          <span className="new">{unlinked ? oldV : newV}</span>
        </div>
      ) : null}
    </li>
  );
}
