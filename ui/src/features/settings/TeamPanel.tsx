// Settings -> Team: in a team workspace, who you are signed in as, the team's members, your
// password and Sign out; in a local one, "Join a team workspace".
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { SetupState } from '../../lib/backend';
import { lineLabel, memberStateLabel, roleLabel, useT } from '../../lib/i18n';
import { keys } from '../../lib/queries';
import { FormError } from '../../lib/ui';
import { JoinTeam } from '../setup/JoinTeam';
import { PasswordForm, SignOutButton } from '../setup/ChoosePassword';

export function TeamPanel({ setup }: { setup: SetupState }) {
  const t = useT();
  const [joining, setJoining] = useState(false);
  if (!setup.team) {
    return (
      <div className="setting" data-testid="settings-team">
        <span className="setting-label">{t('team.title')}</span>
        <div>
          <div className="hint">{t('team.localHint')}</div>
          {joining ? (
            <JoinTeam onCancel={() => setJoining(false)} />
          ) : (
            <button type="button" className="btn" data-testid="join-open" onClick={() => setJoining(true)}>
              {t('team.joinTitle')}
            </button>
          )}
        </div>
      </div>
    );
  }
  return (
    <div className="setting" data-testid="settings-team">
      <span className="setting-label">{t('team.title')}</span>
      <div>
        <div data-testid="team-signed-in">{t('team.signedInAs', { login: setup.team.login })}</div>
        <Members />
        <h4>{t('team.changePassword')}</h4>
        <PasswordForm />
        <SignOutButton />
      </div>
    </div>
  );
}

function Members() {
  const t = useT();
  const members = useQuery({ queryKey: keys.team, queryFn: backend.teamMembers });
  if (members.error) return <FormError error={members.error} />;
  return (
    <table className="team-members" data-testid="team-members">
      <thead>
        <tr>
          <th>{t('team.login')}</th>
          <th>{t('team.person')}</th>
          <th>{t('setup.role')}</th>
          <th title={t('team.lineHint')}>{t('team.line')}</th>
          <th>{t('team.state')}</th>
        </tr>
      </thead>
      <tbody>
        {(members.data ?? []).map((m) => (
          <tr key={m.login} className={m.state === 'removed' ? 'muted' : ''}>
            <td>
              <code>{m.login}</code>
            </td>
            <td>{m.person.name}</td>
            <td>{roleLabel(t, m.person.role)}</td>
            <td data-testid={`member-line-${m.login}`}>
              {m.person.line ? lineLabel(t, m.person.line) : t('team.anyLine')}
            </td>
            <td data-testid={`member-state-${m.login}`}>{memberStateLabel(t, m.state)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
