import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  values: number[];
  color: string;
  dashed?: boolean;
}

/**
 * A uPlot line chart over days: x is the day's position in the period, so the
 * previous period lines up under the current one. The days' labels come from `days`.
 * `description` is the chart's text alternative (the table beside it holds the figures).
 */
export function LineChart({ days, dayLabel, series, description, format }: { days: string[]; dayLabel: string; series: ChartSeries[]; description: string; format: (n: number) => string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const data: uPlot.AlignedData = [days.map((_, i) => i), ...series.map((s) => s.values)];
    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth),
      height: 260,
      scales: { x: { time: false } },
      axes: [
        { values: (_u, ticks) => ticks.map((i) => (days[i] ?? '').slice(5)) },
        { values: (_u, ticks) => ticks.map(format), size: 70 },
      ],
      series: [{ label: dayLabel, value: (_u, i) => (i === null ? '' : (days[i] ?? '')) }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, ...(s.dashed ? { dash: [6, 4] } : {}), value: (_u: uPlot, v: number | null) => (v === null ? '' : format(v)) }))],
    };
    const plot = new uPlot(opts, data, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(300, el.clientWidth), height: 260 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [days, dayLabel, series, format]);
  return <div class="chart" ref={box} role="img" aria-label={description} />;
}
