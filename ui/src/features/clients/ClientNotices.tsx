// What clients are told automatically: the workspace's defaults (Settings) and a client's own
// switches, working days and mail templates per kind and language (the client's page). The
// back end checks everything (placeholders included) and names the field.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { ClientNoticesDto, ClientNoticesInput, MailLanguage, NoticeDefaultsDto, NoticeKind } from '../../lib/backend';
import { useT } from '../../lib/i18n';
import { useCan } from '../../lib/queries';
import { FieldError, FormError, errorText } from '../../lib/ui';

export const noticeKeys = {
  defaults: ['notices', 'defaults'] as const,
  client: (id: number) => ['notices', 'client', id] as const,
};
export const NOTICE_KINDS: NoticeKind[] = ['acknowledgement', 'waiting', 'reminder', 'closed_no_reply', 'resolved', 'satisfaction_request'];
const LANGUAGES: MailLanguage[] = ['en', 'ru'];
/** Each language by its own name, as a language picker shows it. */
const LANGUAGE_NAMES: Record<MailLanguage, string> = { en: 'English', ru: 'Русский' };

/** The field a refusal names, when it is an input error. */
function fieldError(error: unknown, field: string): string | null {
  if (!error) return null;
  const e = backend.BackendError.from(error);
  return e.code === 'invalid_input' && e.field === field ? e.message : null;
}

/** Settings: the workspace's defaults for every client. */
export function NoticeDefaultsSettings() {
  const t = useT();
  const canEdit = useCan('sla_policies');
  const qc = useQueryClient();
  const defaults = useQuery({ queryKey: noticeKeys.defaults, queryFn: backend.noticeDefaults });
  const [draft, setDraft] = useState<NoticeDefaultsDto | null>(null);
  const shown = draft ?? defaults.data ?? null;
  const save = useMutation({
    mutationFn: (d: NoticeDefaultsDto) => backend.setNoticeDefaults(d),
    onSuccess: (saved) => {
      qc.setQueryData(noticeKeys.defaults, saved);
      setDraft(null);
    },
  });
  if (!shown) {
    return defaults.error ? (
      <p className="muted" data-testid="notice-defaults-error">
        {errorText(t, defaults.error)}
      </p>
    ) : null;
  }
  const set = (patch: Partial<NoticeDefaultsDto>) => setDraft({ ...shown, ...patch });
  return (
    <div className="panel" data-testid="notice-defaults">
      <h3 className="panel-title">{t('notices.title')}</h3>
      <p className="hint">{t('notices.hint')}</p>
      <div className="form-grid">
        <label className="field">
          <span className="label">{t('notices.language')}</span>
          <select data-testid="notice-default-language" disabled={!canEdit} value={shown.language} onChange={(e) => set({ language: e.target.value as MailLanguage })}>
            <option value="en">English</option>
            <option value="ru">Русский</option>
          </select>
        </label>
        {(['acknowledge', 'remind', 'satisfaction'] as const).map((k) => (
          <label key={k} className="check">
            <input type="checkbox" data-testid={`notice-default-${k}`} disabled={!canEdit} checked={shown[k]} onChange={(e) => set({ [k]: e.target.checked })} />
            {t(`notices.switch.${k}`)}
          </label>
        ))}
        <label className="field">
          <span className="label">{t('notices.remindAfter')}</span>
          <input type="number" min={1} max={60} data-testid="notice-default-remind-after" disabled={!canEdit} value={shown.remindAfterDays} onChange={(e) => set({ remindAfterDays: Number(e.target.value) })} />
        </label>
        <label className="field">
          <span className="label">{t('notices.closeAfter')}</span>
          <input type="number" min={1} max={60} data-testid="notice-default-close-after" disabled={!canEdit} value={shown.closeAfterDays} onChange={(e) => set({ closeAfterDays: Number(e.target.value) })} />
        </label>
      </div>
      <FieldError field="remindAfterDays" message={fieldError(save.error, 'remindAfterDays')} />
      <FieldError field="closeAfterDays" message={fieldError(save.error, 'closeAfterDays')} />
      {canEdit ? (
        <div className="form-actions">
          <button type="button" className="btn btn-primary" data-testid="notice-defaults-save" disabled={!draft || save.isPending} onClick={() => draft && save.mutate(draft)}>
            {t('common.save')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

type Tri = 'default' | 'on' | 'off';
const triOf = (b: boolean | null): Tri => (b === null ? 'default' : b ? 'on' : 'off');
const boolOf = (v: Tri): boolean | null => (v === 'default' ? null : v === 'on');

/** The client's page: its own settings and templates. */
export function ClientNotices({ clientId }: { clientId: number }) {
  const t = useT();
  const notices = useQuery({ queryKey: noticeKeys.client(clientId), queryFn: () => backend.clientNotices(clientId) });
  if (!notices.data) {
    return notices.error ? (
      <p className="muted" data-testid="client-notices-error">
        {errorText(t, notices.error)}
      </p>
    ) : null;
  }
  return <ClientNoticesEditor key={notices.data.clientId} initial={notices.data} t={t} />;
}

function ClientNoticesEditor({ initial, t }: { initial: ClientNoticesDto; t: ReturnType<typeof useT> }) {
  const canEdit = useCan('sla_policies');
  const qc = useQueryClient();
  const [own, setOwn] = useState<ClientNoticesInput>({
    clientId: initial.clientId,
    acknowledge: initial.acknowledge,
    remind: initial.remind,
    satisfaction: initial.satisfaction,
    remindAfterDays: initial.remindAfterDays,
    closeAfterDays: initial.closeAfterDays,
  });
  const [kind, setKind] = useState<NoticeKind>('acknowledgement');
  const [language, setLanguage] = useState<MailLanguage>(initial.applied.language);
  const shown = qc.getQueryData<ClientNoticesDto>(noticeKeys.client(initial.clientId)) ?? initial;
  const template = shown.templates.find((x) => x.kind === kind && x.language === language);
  const [subject, setSubject] = useState(template?.subject ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const pick = (k: NoticeKind, l: MailLanguage) => {
    const x = shown.templates.find((y) => y.kind === k && y.language === l);
    setKind(k);
    setLanguage(l);
    setSubject(x?.subject ?? '');
    setBody(x?.body ?? '');
  };
  const saved = (dto: ClientNoticesDto) => qc.setQueryData(noticeKeys.client(dto.clientId), dto);
  const saveSettings = useMutation({ mutationFn: () => backend.setClientNotices(own), onSuccess: saved });
  const saveTemplate = useMutation({
    mutationFn: () => backend.setNoticeTemplate({ clientId: initial.clientId, kind, language, subject, body }),
    onSuccess: saved,
  });
  const reset = useMutation({
    mutationFn: () => backend.resetNoticeTemplate(initial.clientId, kind, language),
    onSuccess: (dto) => {
      saved(dto);
      const x = dto.templates.find((y) => y.kind === kind && y.language === language);
      setSubject(x?.subject ?? '');
      setBody(x?.body ?? '');
    },
  });
  const a = shown.applied;
  const days = (v: string): number | null => (v.trim() === '' ? null : Number(v));
  return (
    <div className="panel" data-testid="client-notices">
      <h3 className="panel-title">{t('notices.clientTitle')}</h3>
      <p className="hint">
        {t('notices.clientHint', { language: t(`notices.language.${a.language}`), remind: a.remindAfterDays, close: a.closeAfterDays })}
      </p>
      <div className="form-grid">
        {(['acknowledge', 'remind', 'satisfaction'] as const).map((k) => (
          <label key={k} className="field">
            <span className="label">{t(`notices.switch.${k}`)}</span>
            <select data-testid={`client-notice-${k}`} disabled={!canEdit} value={triOf(own[k])} onChange={(e) => setOwn({ ...own, [k]: boolOf(e.target.value as Tri) })}>
              <option value="default">{t('notices.asDefault', { value: a[k] ? t('notices.on') : t('notices.off') })}</option>
              <option value="on">{t('notices.on')}</option>
              <option value="off">{t('notices.off')}</option>
            </select>
          </label>
        ))}
        <label className="field">
          <span className="label">{t('notices.remindAfter')}</span>
          <input data-testid="client-notice-remind-after" disabled={!canEdit} inputMode="numeric" placeholder={String(a.remindAfterDays)} value={own.remindAfterDays ?? ''} onChange={(e) => setOwn({ ...own, remindAfterDays: days(e.target.value) })} />
        </label>
        <label className="field">
          <span className="label">{t('notices.closeAfter')}</span>
          <input data-testid="client-notice-close-after" disabled={!canEdit} inputMode="numeric" placeholder={String(a.closeAfterDays)} value={own.closeAfterDays ?? ''} onChange={(e) => setOwn({ ...own, closeAfterDays: days(e.target.value) })} />
        </label>
      </div>
      <FieldError field="remindAfterDays" message={fieldError(saveSettings.error, 'remindAfterDays')} />
      <FieldError field="closeAfterDays" message={fieldError(saveSettings.error, 'closeAfterDays')} />
      {canEdit ? (
        <div className="form-actions">
          <button type="button" className="btn" data-testid="client-notices-save" disabled={saveSettings.isPending} onClick={() => saveSettings.mutate()}>
            {t('common.save')}
          </button>
        </div>
      ) : null}

      <h4 className="subhead">{t('notices.templates')}</h4>
      <div className="form-grid">
        <label className="field">
          <span className="label">{t('notices.kind')}</span>
          <select data-testid="template-kind" value={kind} onChange={(e) => pick(e.target.value as NoticeKind, language)}>
            {NOTICE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`notices.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">{t('notices.language')}</span>
          <select data-testid="template-language" value={language} onChange={(e) => pick(kind, e.target.value as MailLanguage)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted" data-testid="template-origin">
        {template?.own ? t('notices.ownTemplate') : t('notices.workspaceTemplate')}
      </p>
      <label className="field">
        <span className="label">{t('notices.subject')}</span>
        <input data-testid="template-subject" disabled={!canEdit} value={subject} onChange={(e) => setSubject(e.target.value)} />
      </label>
      <FieldError field="subject" message={fieldError(saveTemplate.error, 'subject')} />
      <label className="field">
        <span className="label">{t('notices.body')}</span>
        <textarea data-testid="template-body" disabled={!canEdit} rows={7} value={body} onChange={(e) => setBody(e.target.value)} />
      </label>
      <div className="hint">{t('notices.placeholders')}</div>
      <FieldError field="body" message={fieldError(saveTemplate.error, 'body')} />
      {saveTemplate.error && !fieldError(saveTemplate.error, 'body') && !fieldError(saveTemplate.error, 'subject') ? <FormError error={saveTemplate.error} /> : null}
      {canEdit ? (
        <div className="form-actions">
          <button type="button" className="btn btn-primary" data-testid="template-save" disabled={saveTemplate.isPending} onClick={() => saveTemplate.mutate()}>
            {t('notices.saveTemplate')}
          </button>
          {template?.own ? (
            <button type="button" className="btn" data-testid="template-reset" disabled={reset.isPending} onClick={() => reset.mutate()}>
              {t('notices.resetTemplate')}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
