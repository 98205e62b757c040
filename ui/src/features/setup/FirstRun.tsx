// The first run: who you are, then how to start (the first client, or a demo workspace).
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { Role, SetupState } from '../../lib/backend';
import { roleLabel, useT } from '../../lib/i18n';
import { keys } from '../../lib/queries';
import { Field, FieldError, FormError } from '../../lib/ui';
import type { View } from '../../app/navigation';
import { JoinTeam } from './JoinTeam';

const ROLES: Role[] = ['engineer', 'lead', 'account_manager', 'admin'];

export function FirstRun({
  setup,
  onProfileCreated,
  onDone,
}: {
  setup: SetupState;
  onProfileCreated: (hasClients: boolean) => void;
  onDone: (view: View) => void;
}) {
  const t = useT();
  const step = setup.profile === null ? 1 : 2;
  return (
    <div className="first-run" data-testid="first-run">
      <div className="first-run-panel">
        <div className="brand first-run-brand">
          <span className="brand-mark" aria-hidden="true">
            SB
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <h1>{t('setup.title')}</h1>
        <p className="lead">{t('setup.lead')}</p>
        <ol className="steps" aria-label={t('setup.title')}>
          <li className={step === 1 ? 'current' : 'done'}>{t('setup.step1')}</li>
          <li className={step === 2 ? 'current' : ''}>{t('setup.step2')}</li>
        </ol>
        {step === 1 ? (
          <ProfileOrTeam onCreated={onProfileCreated} />
        ) : (
          <StartChoices onFirstClient={() => onDone({ kind: 'client', id: null })} onDemoLoaded={() => onDone({ kind: 'queue' })} />
        )}
      </div>
    </div>
  );
}

/** A profile on this computer, or a team's workspace to join. */
function ProfileOrTeam({ onCreated }: { onCreated: (hasClients: boolean) => void }) {
  const t = useT();
  const [joining, setJoining] = useState(false);
  if (joining) {
    return (
      <>
        <h2>{t('team.joinTitle')}</h2>
        <JoinTeam onCancel={() => setJoining(false)} />
      </>
    );
  }
  return (
    <>
      <ProfileStep onCreated={onCreated} />
      <div className="first-run-team">
        <span className="muted">{t('team.orJoin')}</span>
        <button type="button" className="btn btn-link" data-testid="join-open" onClick={() => setJoining(true)}>
          {t('team.joinTitle')}
        </button>
      </div>
    </>
  );
}

function ProfileStep({ onCreated }: { onCreated: (hasClients: boolean) => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('engineer');
  const save = useMutation({
    mutationFn: () => backend.createProfile({ name, role }),
    onSuccess: async () => {
      const state = await backend.setupState();
      // Decide the second step before the profile appears, so the desk does not flash in between.
      onCreated(state.hasClients);
      qc.setQueryData(keys.setup, state);
    },
  });
  const err = save.error ? backend.BackendError.from(save.error) : null;
  const fieldErr = (f: string) => (err?.code === 'invalid_input' && err.field === f ? err.message : null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <form className="form" onSubmit={submit}>
      <Field label={t('setup.name')} htmlFor="profile-name" error={<FieldError field="name" message={fieldErr('name')} />}>
        <input
          id="profile-name"
          data-testid="profile-name"
          value={name}
          autoFocus
          autoComplete="name"
          placeholder={t('setup.namePlaceholder')}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={!!fieldErr('name')}
        />
      </Field>
      <Field label={t('setup.role')} htmlFor="profile-role" error={<FieldError field="role" message={fieldErr('role')} />}>
        <select id="profile-role" data-testid="profile-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(t, r)}
            </option>
          ))}
        </select>
      </Field>
      {err && !(err.code === 'invalid_input' && (err.field === 'name' || err.field === 'role')) ? <FormError error={err} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="profile-save" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('setup.continue')}
        </button>
      </div>
    </form>
  );
}

/** Two ways to start an empty desk; also shown on the empty queue. */
export function StartChoices({ onFirstClient, onDemoLoaded }: { onFirstClient: () => void; onDemoLoaded: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const demo = useMutation({
    mutationFn: () => backend.loadDemo(),
    onSuccess: (state) => {
      qc.setQueryData(keys.setup, state);
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'setup' });
      onDemoLoaded();
    },
  });
  return (
    <div className="start-choices">
      <h2>{t('setup.noClientsTitle')}</h2>
      <p className="muted">{t('setup.noClientsLead')}</p>
      <div className="choice-row">
        <button type="button" className="choice" data-testid="first-client" onClick={onFirstClient}>
          <span className="choice-title">{t('setup.firstClient')}</span>
          <span className="choice-hint">{t('setup.firstClientHint')}</span>
        </button>
        <button type="button" className="choice" data-testid="load-demo" disabled={demo.isPending} onClick={() => demo.mutate()}>
          <span className="choice-title">{demo.isPending ? t('setup.loadingDemo') : t('setup.loadDemo')}</span>
          <span className="choice-hint">{t('setup.loadDemoHint')}</span>
        </button>
      </div>
      <FormError error={demo.error} />
    </div>
  );
}
