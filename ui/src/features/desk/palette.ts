// What the command palette offers: the desk's own commands (go to a section, a new ticket,
// search, the theme, the language) and every action of the current view, read from the view
// itself: each enabled button, check box and labelled field on screen, named as a person sees
// it (its label, else its text), under the heading of the part of the view it is in. A view's
// new button is in the palette without anyone listing it.

export interface PaletteCommand {
  id: string;
  label: string;
  /** Where it is: "Go to", "This view · Contacts", … */
  group: string;
  run: () => void;
  /** Its own key, shown beside it. */
  keys?: string;
}

const ACTIONABLE = 'button, [role="button"], a[href], input[type="checkbox"], input[type="radio"], select, input[type="text"], input[type="search"], input:not([type]), textarea';

/** The view's actions under `root`, in the order they are on screen. */
export function viewActions(root: HTMLElement, groupPrefix: string): PaletteCommand[] {
  const out: PaletteCommand[] = [];
  const seen = new Set<string>();
  root.querySelectorAll<HTMLElement>(ACTIONABLE).forEach((el, i) => {
    if (!usable(el)) return;
    const label = nameOf(el);
    if (!label) return;
    const heading = headingOf(el, root);
    const group = heading ? `${groupPrefix} · ${heading}` : groupPrefix;
    const key = `${group}\u0000${label}`;
    if (seen.has(key)) return;
    seen.add(key);
    const field = el instanceof HTMLInputElement ? el.type !== 'checkbox' && el.type !== 'radio' : el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement;
    out.push({
      id: `view-${i}`,
      label,
      group,
      run: () => {
        if (field) el.focus();
        else {
          el.focus();
          el.click();
        }
      },
    });
  });
  return out;
}

function usable(el: HTMLElement): boolean {
  if ((el as HTMLButtonElement).disabled) return false;
  if (el.closest('[aria-hidden="true"], [inert], [data-palette]')) return false;
  // On screen: jsdom has no layout, so only an element hidden by the attribute is left out.
  if (el.hidden || el.closest('[hidden]')) return false;
  return typeof el.getClientRects !== 'function' || el.getClientRects().length > 0 || isJsdom();
}

function isJsdom(): boolean {
  return typeof navigator !== 'undefined' && navigator.userAgent.includes('jsdom');
}

/** The name a person sees: aria-label, the label of a field, else the text, else the title. */
export function nameOf(el: HTMLElement): string {
  const aria = el.getAttribute('aria-label');
  if (aria) return clean(aria);
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) {
    const text = labelledBy
      .split(/\s+/)
      .map((id) => el.ownerDocument.getElementById(id)?.textContent ?? '')
      .join(' ');
    if (clean(text)) return clean(text);
  }
  if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) {
    // A label that wraps its field: its own words, not the options or the text typed in.
    const own = el.labels?.[0]?.cloneNode(true) as HTMLElement | undefined;
    own?.querySelectorAll('input, select, textarea, option').forEach((c) => c.remove());
    const label = own?.textContent ?? el.getAttribute('placeholder') ?? '';
    return clean(label) || clean(el.getAttribute('placeholder') ?? '');
  }
  // A button's text without its key hint (<kbd>).
  const copy = el.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('kbd, .sr-only').forEach((k) => k.remove());
  return clean(copy.textContent ?? '') || clean(el.getAttribute('title') ?? '');
}

/** The heading of the part of the view the element is in (a panel, a form, a section). */
function headingOf(el: HTMLElement, root: HTMLElement): string {
  let node: HTMLElement | null = el.parentElement;
  while (node && node !== root) {
    const heading = node.querySelector(':scope > h1, :scope > h2, :scope > h3, :scope > legend, :scope > .panel-title, :scope > header h2, :scope > header h3');
    if (heading && !heading.contains(el)) return clean(heading.textContent ?? '');
    node = node.parentElement;
  }
  return '';
}

function clean(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 80 ? `${t.slice(0, 79)}…` : t;
}

/** The commands that match what was typed: every word in the label or the group, any case;
 * those whose label starts with the text first. */
export function matching(commands: PaletteCommand[], typed: string): PaletteCommand[] {
  const words = typed.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return commands;
  const hits = commands.filter((c) => {
    const hay = `${c.label} ${c.group}`.toLocaleLowerCase();
    return words.every((w) => hay.includes(w));
  });
  const first = typed.trim().toLocaleLowerCase();
  return [...hits.filter((c) => c.label.toLocaleLowerCase().startsWith(first)), ...hits.filter((c) => !c.label.toLocaleLowerCase().startsWith(first))];
}
