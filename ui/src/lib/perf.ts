// The window's own performance marks: each names a moment a person waits for (the queue
// usable, a card shown after a click, search results after a keystroke). `make bench-window`
// reads them through WebDriver; they cost a few entries in the browser's timeline, which is
// emptied now and then so a window open for weeks does not grow it.

const KEEP = 1_000;
const counts = new Map<string, number>();

/** Marks `name` now, with `detail` (a ticket number, a search text) to match it by. Each name
 *  is emptied on its own when it has too many: emptying them all at once (the calls to the back
 *  end mark often) took a click's mark away before its card was painted. */
export function mark(name: string, detail?: string): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  const count = (counts.get(name) ?? 0) + 1;
  if (count > KEEP) {
    performance.clearMarks(name);
    counts.set(name, 1);
  } else {
    counts.set(name, count);
  }
  performance.mark(name, { detail });
}

/** Runs `then` once the frame showing what was just rendered is painted: the animation frame
 *  comes before the paint, and a task queued from it runs after. Returns what cancels it. */
export function afterPaint(then: () => void): () => void {
  if (typeof requestAnimationFrame !== 'function') {
    then();
    return () => undefined;
  }
  let timer: number | undefined;
  const frame = requestAnimationFrame(() => {
    timer = window.setTimeout(then, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    window.clearTimeout(timer);
  };
}

/** Marks `name` once the frame showing what was just rendered is painted. */
export function markPainted(name: string, detail?: string): void {
  if (typeof requestAnimationFrame !== 'function') return;
  afterPaint(() => mark(name, detail));
}

const once = new Set<string>();

/** Marks `name` the first time only in this window: a step of the start (`make bench-window`
 *  prints them in order with SB_BENCH_WINDOW_TRACE=1). */
export function markOnce(name: string): void {
  if (once.has(name)) return;
  once.add(name);
  mark(name);
}

/** The first time the queue shows its rows in this window: the start is over. */
export function markQueueReady(): void {
  if (once.has('sb:queue-ready')) return;
  once.add('sb:queue-ready');
  markPainted('sb:queue-ready');
}
