// Packages crossing a threshold, as the shell reports them (it also shows a desktop
// notification): a toast in the corner for a while, a click opens the client's hours.
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { ThresholdNotice } from '../../lib/backend';
import { useNavigation } from '../../app/navigation';
import { directionLabel, useT, type Translate } from '../../lib/i18n';
import { formatHours } from '../../lib/hours';

const SHOWN_MS = 15_000;

export function ThresholdToasts() {
  const t = useT();
  const qc = useQueryClient();
  const nav = useNavigation();
  const [notices, setNotices] = useState<(ThresholdNotice & { key: number })[]>([]);
  useEffect(() => {
    let key = 0;
    return backend.onThresholdNotice((n) => {
      const k = ++key;
      setNotices((list) => [...list, { ...n, key: k }]);
      void qc.invalidateQueries({ queryKey: ['hours'] });
      window.setTimeout(() => setNotices((list) => list.filter((x) => x.key !== k)), SHOWN_MS);
    });
  }, [qc]);
  if (notices.length === 0) return null;
  return (
    <div className="toasts" role="status" aria-live="polite">
      {notices.map((n) => (
        <button
          type="button"
          key={n.key}
          className="toast"
          data-testid={`threshold-toast-${n.packageId}`}
          onClick={() => {
            setNotices((list) => list.filter((x) => x.key !== n.key));
            nav.go({ kind: 'clientHours', id: n.clientId });
          }}
        >
          <strong>{n.title}</strong>
          <span>{noticeText(t, n)}</span>
        </button>
      ))}
    </div>
  );
}

/** The notice in the window's language, from its parameters: a direction's own budget is named. */
export function noticeText(t: Translate, n: ThresholdNotice): string {
  const left = formatHours(n.leftMinutes);
  if (n.threshold === 0) return t('hours.notice.fast', { name: n.packageName, left });
  if (n.direction) {
    return t('hours.notice.direction', { name: n.packageName, percent: n.threshold, direction: directionLabel(t, n.direction), left });
  }
  return t('hours.notice.package', { name: n.packageName, percent: n.threshold, left });
}
