// A package's burn-down: hours left day by day (the solid line, up to today) against the ideal
// straight line from the total to zero at the period's end (dashed). Plain SVG.
import type { BurnPointDto } from '../../lib/backend';
import { formatHours } from '../../lib/hours';
import type { Translate } from '../../lib/i18n';

const W = 520;
const H = 160;
const PAD = { left: 44, right: 10, top: 10, bottom: 22 };

export function BurnDown({ points, total, t, testId }: { points: BurnPointDto[]; total: number; t: Translate; testId?: string }) {
  if (points.length === 0) return null;
  const lows = points.map((p) => Math.min(p.left ?? total, p.ideal));
  const min = Math.min(0, ...lows);
  const max = Math.max(total, 1);
  const x = (i: number) => PAD.left + (points.length === 1 ? 0 : (i / (points.length - 1)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + ((max - v) / (max - min)) * (H - PAD.top - PAD.bottom);
  const ideal = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.ideal).toFixed(1)}`).join(' ');
  const actualPts = points.map((p, i) => (p.left === null ? null : `${x(i).toFixed(1)},${y(p.left).toFixed(1)}`)).filter(Boolean);
  const actual = actualPts.length ? `M${actualPts.join(' L')}` : '';
  const lastActual = [...points].reverse().find((p) => p.left !== null);
  const todayIndex = lastActual ? points.indexOf(lastActual) : -1;
  return (
    <figure className="burn-down" data-testid={testId}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t('hours.burnDown')}>
        <line x1={PAD.left} y1={y(0)} x2={W - PAD.right} y2={y(0)} className="axis" />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} className="axis" />
        <text x={PAD.left - 6} y={y(max) + 4} className="tick" textAnchor="end">
          {formatHours(max)}
        </text>
        <text x={PAD.left - 6} y={y(0) + 4} className="tick" textAnchor="end">
          0:00
        </text>
        <text x={PAD.left} y={H - 6} className="tick">
          {points[0].day}
        </text>
        <text x={W - PAD.right} y={H - 6} className="tick" textAnchor="end">
          {points[points.length - 1].day}
        </text>
        <path d={ideal} className="ideal" data-testid={testId ? `${testId}-ideal` : undefined} />
        {actual ? <path d={actual} className="actual" data-testid={testId ? `${testId}-actual` : undefined} /> : null}
        {todayIndex >= 0 && lastActual ? (
          <>
            <circle cx={x(todayIndex)} cy={y(lastActual.left!)} r={3.5} className="today" />
            {/* Above the point, or below it when the point is at the top edge. */}
            <text
              x={Math.min(x(todayIndex) + 6, W - 80)}
              y={y(lastActual.left!) - 6 < PAD.top + 6 ? y(lastActual.left!) + 14 : y(lastActual.left!) - 6}
              className="tick strong"
            >
              {formatHours(lastActual.left!)}
            </text>
          </>
        ) : null}
      </svg>
      <figcaption className="muted">
        <span className="legend actual" /> {t('hours.actualLine')} <span className="legend ideal" /> {t('hours.idealLine')}
      </figcaption>
    </figure>
  );
}
