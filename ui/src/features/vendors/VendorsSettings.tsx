// Settings -> Vendors: the vendor systems cases are escalated to, with their open cases and
// last sync error; admins and account managers add and edit them, engineers only look.
import { useState } from 'react';
import type { VendorDto } from '../../lib/backend';
import { directionLabel, useI18n } from '../../lib/i18n';
import { say, kept } from '../../lib/messages';
import { formatDateTime, formatRelative } from '../../lib/format';
import { FormError } from '../../lib/ui';
import { VendorForm } from './VendorForm';
import { useVendors } from './shared';
import { VendorTest } from './VendorTest';

export function VendorsSettings({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const vendors = useVendors();
  const [editing, setEditing] = useState<VendorDto | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = vendors.data ?? [];
  return (
    <div className="panel vendors-settings" data-testid="vendors-settings">
      <div className="page-head">
        <h3 className="panel-title" id="vendors-settings-title">
          {t('vendors.title')}
        </h3>
        <span className="toolbar-spacer" />
        {canEdit && editing === null ? (
          <button
            type="button"
            className="btn btn-small"
            data-testid="vendor-add"
            onClick={() => {
              setNotice(null);
              setEditing('new');
            }}
          >
            + {t('vendors.add')}
          </button>
        ) : null}
      </div>
      <p className="hint">{t('vendors.lead')}</p>
      {canEdit ? null : (
        <p className="hint" data-testid="vendors-read-only">
          {t('vendors.readOnly')}
        </p>
      )}
      <FormError error={vendors.error} />
      {vendors.data?.length === 0 ? <p className="muted">{t('vendors.none')}</p> : null}
      <ul className="vendor-list" aria-labelledby="vendors-settings-title">
        {list.map((v) => (
          <VendorRow
            key={v.id}
            vendor={v}
            actions={editing === null}
            canEdit={canEdit}
            onEdit={() => {
              setNotice(null);
              setEditing(v);
            }}
          />
        ))}
      </ul>
      {notice ? (
        <div className="notice" role="status" data-testid="vendor-notice">
          {notice}
        </div>
      ) : null}
      {editing && canEdit ? (
        <VendorForm
          key={editing === 'new' ? 'new' : editing.id}
          vendor={editing === 'new' ? null : editing}
          onDone={(message) => {
            setEditing(null);
            setNotice(message ?? null);
          }}
        />
      ) : null}
    </div>
  );
}

function VendorRow({ vendor: v, actions, canEdit, onEdit }: { vendor: VendorDto; actions: boolean; canEdit: boolean; onEdit: () => void }) {
  const { t, language } = useI18n();
  return (
    <li className="vendor" data-testid={`vendor-${v.id}`}>
      <div className="toolbar">
        <strong data-testid={`vendor-name-${v.id}`}>{v.name}</strong>
        <span className="muted" data-testid={`vendor-kind-${v.id}`}>
          {say(v.kindLabel)}
        </span>
        {v.enabled ? null : <span className="pill pill-closed">{t('vendors.disabled')}</span>}
        <span className="toolbar-spacer" />
        {actions && canEdit ? (
          <button type="button" className="btn btn-small" data-testid={`vendor-edit-${v.id}`} aria-label={t('vendors.editNamed', { name: v.name })} onClick={onEdit}>
            {t('vendors.edit')}
          </button>
        ) : null}
      </div>
      <div className="hint">
        <span data-testid={`vendor-open-cases-${v.id}`}>{t('vendors.openCases', { count: v.openCases })}</span>
        {v.goneCases > 0 ? (
          <>
            {' · '}
            <span className="field-error" data-testid={`vendor-gone-cases-${v.id}`}>
              {t('vendors.goneCases', { count: v.goneCases })}
            </span>
          </>
        ) : null}
        {v.account ? <span data-testid={`vendor-account-${v.id}`}> · {t('vendors.account', { account: v.account })}</span> : null}
        {' · '}
        {v.directions.length > 0 ? v.directions.map((d) => directionLabel(t, d)).join(', ') : t('vendors.allDirections')}
        {' · '}
        <span title={v.lastSyncAt !== null ? formatDateTime(v.lastSyncAt, language) : undefined}>
          {v.lastSyncAt !== null ? t('vendors.lastSync', { when: formatRelative(v.lastSyncAt, language) }) : t('vendors.neverSynced')}
        </span>
        {v.hasSecret ? null : <> · {t('vendors.noSecret')}</>}
      </div>
      {v.lastSyncError ? (
        <div className="field-error" role="alert" data-testid={`vendor-error-${v.id}`}>
          {t('vendors.lastSyncError')} {kept(v.lastSyncError ?? '', v.lastSyncErrorMsg, language)}
        </div>
      ) : null}
      {actions ? <VendorTest vendorId={v.id} /> : null}
    </li>
  );
}
