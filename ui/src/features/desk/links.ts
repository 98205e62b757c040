// switchboard:// links: the window's own start's and a second start's (the shell hands them
// over and brings the window to the front). A link to a ticket opens its card; a link that
// cannot be read is reported with what a link looks like.
import { useCallback, useEffect, useState } from 'react';
import * as backend from '../../lib/backend';
import type { ApiError } from '../../lib/backend';
import type { View } from '../../app/navigation';

export function useDeskLinks(go: (view: View) => void): { refused: ApiError | null; dismiss: () => void } {
  const [refused, setRefused] = useState<ApiError | null>(null);
  const take = useCallback(() => {
    void backend
      .takeLinks()
      .then((links) => {
        for (const l of links) {
          if (l.link?.kind === 'ticket') go({ kind: 'ticket', id: l.link.id });
          else if (l.error) setRefused(l.error);
        }
      })
      .catch(() => undefined);
  }, [go]);
  useEffect(() => {
    take();
    return backend.onLinksWaiting(take);
  }, [take]);
  return { refused, dismiss: () => setRefused(null) };
}
