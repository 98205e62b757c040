// Settings -> Database -> Move: this computer's workspace copied into an empty team database
// (every row, attachment and secret, each table checked on both sides); the team database is
// opened from the next start, the local file stays as it was.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { DatabaseChoice, MoveDone } from '../../lib/backend';
import { useT } from '../../lib/i18n';
import { keys } from '../../lib/queries';
import { DatabaseForm } from './DatabaseForm';

export function MoveWorkspace() {
  const t = useT();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const move = useMutation({
    mutationFn: (to: DatabaseChoice) => backend.moveWorkspace(to),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.setup }),
  });
  if (move.data) return <Moved done={move.data} />;
  return (
    <div className="move-workspace" data-testid="move-workspace">
      {open ? (
        <>
          <div className="hint">{t('move.hint')}</div>
          <DatabaseForm idPrefix="move" submitLabel={move.isPending ? t('move.moving') : t('move.submit')} pending={move.isPending} error={move.error} onSubmit={(to) => move.mutate(to)}>
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </DatabaseForm>
        </>
      ) : (
        <button type="button" className="btn" data-testid="move-open" onClick={() => setOpen(true)}>
          {t('move.title')}
        </button>
      )}
    </div>
  );
}

function Moved({ done }: { done: MoveDone }) {
  const t = useT();
  const filled = done.tables.filter((x) => x.rows > 0);
  return (
    <div className="notice" role="status" data-testid="move-done">
      <p>{t('move.done', { rows: done.rows, database: done.database, secrets: done.secrets })}</p>
      <table className="moved-tables">
        <tbody>
          {filled.map((x) => (
            <tr key={x.table}>
              <td>
                <code>{x.table}</code>
              </td>
              <td className="num">{x.rows}</td>
              <td>
                <code className="muted">{x.checksum.slice(0, 12)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
