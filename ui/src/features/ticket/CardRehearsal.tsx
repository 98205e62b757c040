// The first card opened after the start took half a second to paint, the next ones a tenth of
// that (make bench-window, traced): its script's first run, then the first style and layout of
// its parts. Once the queue is on screen and the window has been idle a moment, the card of the
// queue's first row is rendered once out of sight, then let go, so a person's first click finds
// that work done. It asks only for that card (the queue's click asks for it too); its side
// panels do not ask for theirs.
import { Suspense, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { TicketView } from '../../app/views';
import { cardShownBefore, noteCardShown } from './firstPaint';
import { markOnce } from '../../lib/perf';

/** After the likely views' scripts are fetched (`preloadLikelyViews`, 300 ms). */
const REHEARSE_AFTER_MS = 400;
/** A card that does not come (the row gone, the store slow) is not waited for longer. */
const GIVE_UP_MS = 5_000;

let stopShown: (() => void) | null = null;

/** A card is being opened: the rehearsal is not needed any more, and one under way is let go
 *  in the same render, so the window holds one card and the click does not wait behind it. */
export function endRehearsal(): void {
  noteCardShown();
  stopShown?.();
}

/** The rehearsed card is painted: marked for the bench's trace, then let go. */
function rehearsed(): void {
  markOnce('sb:card-rehearsed');
  endRehearsal();
}

export function CardRehearsal({ id, me }: { id: number | undefined; me: number }) {
  const [shown, setShown] = useState<number | null>(null);
  useEffect(() => {
    const stop = () => setShown(null);
    stopShown = stop;
    return () => {
      if (stopShown === stop) stopShown = null;
    };
  }, []);
  // The first row when the moment comes: a busy queue's top changes often, and each change
  // must not put the rehearsal off again.
  const first = useRef(id);
  useLayoutEffect(() => {
    first.current = id;
  }, [id]);
  const hasRows = id !== undefined;
  useEffect(() => {
    if (!hasRows || shown !== null || cardShownBefore()) return;
    let cancelled = false;
    const timer = window.setTimeout(() => {
      void TicketView.preload().then(() => {
        const id = first.current;
        if (!cancelled && id !== undefined && !cardShownBefore()) setShown(id);
      });
    }, REHEARSE_AFTER_MS);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [hasRows, shown]);
  useEffect(() => {
    if (shown === null) return;
    const timer = window.setTimeout(endRehearsal, GIVE_UP_MS);
    return () => window.clearTimeout(timer);
  }, [shown]);
  if (shown === null) return null;
  return (
    <div className="card-rehearsal" aria-hidden="true" inert data-testid="card-rehearsal">
      <Suspense fallback={null}>
        <TicketView id={shown} me={me} onRehearsed={rehearsed} />
      </Suspense>
    </div>
  );
}
