// Small shared hooks: global keys, debouncing.
import { useCallback, useEffect, useRef, useState } from 'react';

/** True when the key press happens inside something the user types into. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

/** Listens to keydown on the window while mounted; the latest handler is always used. */
export function useWindowKeydown(handler: (e: KeyboardEvent) => void, enabled = true) {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    const listener = (e: KeyboardEvent) => ref.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [enabled]);
}

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return debounced;
}

/** Notices the shell sends as events (`subscribe`), each shown for `shownMs` or until
 * dismissed; `onEach` runs as one arrives (e.g. marking the queue stale). */
export function useEventNotices<T extends { id: number }>(
  subscribe: (tell: (notice: T) => void) => () => void,
  onEach: () => void,
  shownMs = 30_000,
): { notices: T[]; dismiss: (id: number) => void } {
  const [notices, setNotices] = useState<T[]>([]);
  const each = useRef(onEach);
  each.current = onEach;
  useEffect(
    () =>
      subscribe((n) => {
        setNotices((list) => [...list, n]);
        each.current();
        window.setTimeout(() => setNotices((list) => list.filter((x) => x.id !== n.id)), shownMs);
      }),
    [subscribe, shownMs],
  );
  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((x) => x.id !== id)), []);
  return { notices, dismiss };
}
