// The card is painted first, its side panels right after. A click on a queue row waits for the
// frame that shows the card; the panels (time, routing, vendor cases, clocks, mail, alert,
// suggestions, the thread's vendor marks) each ask the back end for their own data, and
// their answers landing before that frame made it later by each one's render and layout
// (make bench-window: click to card painted). They ask once the card's first frame is out.

import { createContext, useContext, useEffect, useState } from 'react';
import { afterPaint } from '../../lib/perf';

/** True once the card's first frame is painted; true outside a card (a panel shown alone). */
export const CardPaintedContext = createContext(true);

/** Whether the panels may ask for their data yet. */
export const useCardPainted = (): boolean => useContext(CardPaintedContext);

/** False until the frame after this component's first render is painted. */
export function useFirstPaintDone(): boolean {
  const [done, setDone] = useState(false);
  useEffect(() => afterPaint(() => setDone(true)), []);
  return done;
}

let cardShown = false;

/** Whether a card was painted in this window (shown, or rehearsed out of sight). */
export const cardShownBefore = (): boolean => cardShown;

export function noteCardShown(): void {
  cardShown = true;
}
