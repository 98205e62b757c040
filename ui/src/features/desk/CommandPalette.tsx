// The command palette (Ctrl+Shift+P or F1): type to find any action of the current view or of
// the desk, Enter runs it, Escape closes.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useT } from '../../lib/i18n';
import { matching, type PaletteCommand } from './palette';

export function CommandPalette({ commands, onClose }: { commands: PaletteCommand[]; onClose: () => void }) {
  const t = useT();
  const [typed, setTyped] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const shown = useMemo(() => matching(commands, typed), [commands, typed]);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => setActive(0), [typed]);
  useEffect(() => {
    document.querySelector(`[data-testid="palette-item-${active}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  const run = (c: PaletteCommand | undefined) => {
    if (!c) return;
    onClose();
    // After the palette is gone, so the action's own focus and dialogs are not undone.
    window.setTimeout(c.run, 0);
  };

  let lastGroup = '';
  return (
    <div className="palette-backdrop" data-palette onMouseDown={onClose}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label={t('palette.title')}
        data-testid="palette"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <input
          ref={input}
          className="palette-input"
          data-testid="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={shown[active] ? `palette-item-${active}` : undefined}
          placeholder={t('palette.placeholder')}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, shown.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              run(shown[active]);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              onClose();
            }
          }}
        />
        <ul className="palette-list" id="palette-list" role="listbox">
          {shown.length === 0 ? <li className="palette-none muted">{t('palette.none')}</li> : null}
          {shown.map((c, i) => {
            const header = c.group !== lastGroup ? c.group : null;
            lastGroup = c.group;
            return (
              <li key={c.id} role="presentation">
                {header ? <div className="palette-group">{header}</div> : null}
                <div
                  id={`palette-item-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={`palette-item ${i === active ? 'active' : ''}`}
                  data-testid={`palette-item-${i}`}
                  onMouseMove={() => setActive(i)}
                  onClick={() => run(c)}
                >
                  <span>{c.label}</span>
                  {c.keys ? <kbd>{c.keys}</kbd> : null}
                </div>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
