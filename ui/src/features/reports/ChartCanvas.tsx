// One chart drawn by Chart.js (a maintained chart library, loaded with the Reports view only):
// made when the canvas mounts, its data replaced in place when the figures change.
import { useEffect, useRef } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

export function ChartCanvas({ config, label, testId, height = 220 }: { config: ChartConfiguration; label: string; testId: string; height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    // The axes' words and grid in the theme's colours (the page's text and border).
    const style = getComputedStyle(document.documentElement);
    Chart.defaults.color = style.getPropertyValue('--muted').trim() || Chart.defaults.color;
    Chart.defaults.borderColor = style.getPropertyValue('--border').trim() || Chart.defaults.borderColor;
    chart.current = new Chart(canvas.current, { ...config, options: { ...config.options, animation: false, maintainAspectRatio: false } });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
    // Made once; the figures change below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    if (!chart.current) return;
    chart.current.data = config.data;
    chart.current.update();
  }, [config.data]);
  return (
    <div className="chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}
