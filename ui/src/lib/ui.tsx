// Small presentational pieces shared by the features: badges, pills, errors, skeletons.
import { useEffect, useRef, type ReactNode } from 'react';
import { BackendError, type Priority, type Status } from './backend';
import { priorityLabel, statusLabel, useT, type Translate } from './i18n';

export function PriorityBadge({ priority, testId }: { priority: Priority; testId?: string }) {
  const t = useT();
  return (
    <span className={`prio prio-${priority}`} title={t(`priority.${priority}.title`)} data-testid={testId}>
      {priorityLabel(t, priority)}
    </span>
  );
}

export function StatusPill({ status, testId }: { status: Status; testId?: string }) {
  const t = useT();
  return (
    <span className={`pill pill-${status}`} data-testid={testId}>
      {statusLabel(t, status)}
    </span>
  );
}

/** What to tell people about a refusal that is not tied to one field. */
export function errorText(t: Translate, error: unknown): string {
  const e = BackendError.from(error);
  switch (e.code) {
    case 'conflict':
      return t('error.conflict');
    case 'not_found':
      return e.message || t('error.not_found');
    case 'no_profile':
      return t('error.no_profile');
    case 'database_unavailable':
    case 'database_corrupt':
    case 'database_too_new':
    case 'database_needs_upgrade':
      return t('error.database', { message: e.message });
    // TLS and sign-in refusals name the server and say what to fix.
    case 'database_wrong_host':
    case 'database_unknown_ca':
    case 'database_no_tls':
    case 'database_sign_in':
    case 'invalid_input':
    case 'transition_refused':
    case 'connection_failed':
    case 'package_blocked':
    case 'ledger_refused':
    case 'edit_conflict':
    case 'already_taken':
    case 'not_allowed':
    case 'password_change_required':
      // The ledger's refusals say which budget, what is left and what to do.
      return e.message;
    default:
      return t('error.generic', { message: e.message });
  }
}

export function FormError({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  return (
    <div className="form-error" role="alert" data-testid="form-error">
      {errorText(t, error)}
    </div>
  );
}

/** The message under a field; `field` is the back end's field name, used in the test id. */
export function FieldError({ field, message }: { field: string; message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div className="field-error" role="alert" data-testid={`field-error-${field.replace(/\s+/g, '-')}`}>
      {message}
    </div>
  );
}

export function Field({
  label,
  htmlFor,
  hint,
  error,
  children,
  className,
}: {
  label: ReactNode;
  htmlFor: string;
  hint?: ReactNode;
  error?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint ? <div className="hint">{hint}</div> : null}
      {error}
    </div>
  );
}

export function Skeleton({ width = '100%', height = 12 }: { width?: number | string; height?: number }) {
  return <span className="skeleton" style={{ width, height }} aria-hidden="true" />;
}

/** A modal panel: Esc and the backdrop close it; focus starts inside and returns afterwards. */
export function Dialog({
  title,
  onClose,
  children,
  testId,
  wide,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
}) {
  const t = useT();
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first =
      panel.current?.querySelector<HTMLElement>('select, input, textarea') ?? panel.current?.querySelector<HTMLElement>('button');
    first?.focus();
    return () => before?.focus?.();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      }
    };
    // In the capture phase: before the window's own keys (Escape there goes back to the
    // queue), which then see the key taken.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`dialog ${wide ? 'dialog-wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby="dialog-title" ref={panel} data-testid={testId}>
        <div className="dialog-head">
          <h2 id="dialog-title">{title}</h2>
          <button type="button" className="btn btn-ghost btn-icon" onClick={onClose} aria-label={t('common.close')}>
            ×
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}

export function LockIcon() {
  return (
    <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true" className="icon">
      <path
        fill="currentColor"
        d="M8 1a3.5 3.5 0 0 0-3.5 3.5V6H4a1.5 1.5 0 0 0-1.5 1.5v6A1.5 1.5 0 0 0 4 15h8a1.5 1.5 0 0 0 1.5-1.5v-6A1.5 1.5 0 0 0 12 6h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 5H6V4.5a2 2 0 1 1 4 0V6Z"
      />
    </svg>
  );
}

/** A small book: the knowledge base (drawn, so it shows without an emoji font). */
export function BookIcon() {
  return (
    <svg className="inline-icon" width="13" height="13" viewBox="0 0 16 16" aria-hidden="true">
      <path d="M3 2.5h7.5l2.5 2.5v8.5H3zM5.5 6.5h5M5.5 9h5M5.5 11.5h3" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}

/** A filter in a toolbar: a select with "all" first and its label for screen readers. */
export function FilterSelect({
  testId,
  label,
  all,
  value,
  options,
  onChange,
  narrow = false,
}: {
  testId: string;
  label: string;
  all: string;
  value: string | number | null;
  options: { value: string | number; label: string }[];
  onChange: (value: string | null) => void;
  narrow?: boolean;
}) {
  return (
    <label className={narrow ? 'filter filter-narrow' : 'filter'}>
      <span className="sr-only">{label}</span>
      <select data-testid={testId} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
