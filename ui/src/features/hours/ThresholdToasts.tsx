// Packages crossing a threshold, as the shell reports them (it also shows a desktop
// notification): a toast in the corner for a while, a click opens the client's hours.
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { ThresholdNotice } from '../../lib/backend';
import { useNavigation } from '../../app/navigation';
import { say } from '../../lib/messages';
import type { Language } from '../../lib/backend';

const SHOWN_MS = 15_000;

export function ThresholdToasts() {
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
          <span>{noticeText(n)}</span>
        </button>
      ))}
    </div>
  );
}

/** The notice in the window's language: the back end sends it as a message (a direction's own
 * budget is named in it). */
export function noticeText(n: ThresholdNotice, language?: Language): string {
  return say(n.msg, language);
}
