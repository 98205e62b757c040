// The first sign-in to a team workspace: the one-time password from the invitation works only
// once, so the person chooses their own before anything else. Also Settings -> Team.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import { useT } from '../../lib/i18n';
import { keys } from '../../lib/queries';
import { Field, FieldError, FormError } from '../../lib/ui';

export const MIN_PASSWORD_CHARS = 12;

export function PasswordForm({ onChanged, autoFocus = false }: { onChanged?: () => void; autoFocus?: boolean }) {
  const t = useT();
  const qc = useQueryClient();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const change = useMutation({
    mutationFn: () => backend.changePassword(password),
    onSuccess: (state) => {
      qc.setQueryData(keys.setup, state);
      setPassword('');
      setAgain('');
      onChanged?.();
    },
  });
  const tooShort = password.length > 0 && [...password].length < MIN_PASSWORD_CHARS;
  const mismatch = again.length > 0 && again !== password;
  const err = change.error ? backend.BackendError.from(change.error) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!tooShort && !mismatch && password) change.mutate();
  };
  return (
    <form className="form" data-testid="password-form" onSubmit={submit}>
      <Field
        label={t('team.newPassword')}
        htmlFor="new-password"
        error={<FieldError field="password" message={tooShort ? t('team.passwordTooShort', { n: MIN_PASSWORD_CHARS }) : err?.field === 'password' ? err.message : null} />}
      >
        <input
          id="new-password"
          data-testid="new-password"
          type="password"
          autoComplete="new-password"
          value={password}
          autoFocus={autoFocus}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <Field label={t('team.repeatPassword')} htmlFor="repeat-password" error={<FieldError field="again" message={mismatch ? t('team.passwordMismatch') : null} />}>
        <input
          id="repeat-password"
          data-testid="repeat-password"
          type="password"
          autoComplete="new-password"
          value={again}
          onChange={(e) => setAgain(e.target.value)}
        />
      </Field>
      {err && err.field !== 'password' ? <FormError error={err} /> : null}
      {change.isSuccess ? (
        <p className="notice" role="status" data-testid="password-changed">
          {t('team.passwordChanged')}
        </p>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          data-testid="password-save"
          disabled={!password || tooShort || again !== password || change.isPending}
        >
          {change.isPending ? t('common.saving') : t('team.savePassword')}
        </button>
      </div>
    </form>
  );
}

/** The whole window until the one-time password is replaced. */
export function ChoosePassword({ login }: { login: string }) {
  const t = useT();
  return (
    <div className="first-run" data-testid="choose-password">
      <div className="first-run-panel">
        <div className="brand first-run-brand">
          <span className="brand-mark" aria-hidden="true">
            SB
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <h1>{t('team.choosePasswordTitle')}</h1>
        <p className="lead">{t('team.choosePasswordLead', { login })}</p>
        <PasswordForm autoFocus />
        <SignOutButton />
      </div>
    </div>
  );
}

/** Forgets this desktop's password for the team; Switchboard starts again on the local workspace. */
export function SignOutButton() {
  const t = useT();
  const out = useMutation({ mutationFn: backend.signOut });
  return (
    <div className="sign-out">
      <button type="button" className="btn" data-testid="sign-out" disabled={out.isPending} onClick={() => out.mutate()}>
        {t('team.signOut')}
      </button>
      <FormError error={out.error} />
    </div>
  );
}

/** Signed in as the team's owner, who administers the team from `sb team` and works no tickets. */
export function OwnerScreen({ login }: { login: string }) {
  const t = useT();
  return (
    <div className="first-run" data-testid="owner-screen">
      <div className="first-run-panel">
        <h1>{t('team.ownerTitle')}</h1>
        <p className="lead">{t('team.ownerLead', { login })}</p>
        <pre className="code-block">{'sb team invite "Ivan Petrov" --role engineer\nsb team members'}</pre>
        <SignOutButton />
      </div>
    </div>
  );
}
