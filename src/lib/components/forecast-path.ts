import type { Forecast } from '../core/forecast';

/**
 * SVG paths of a river forecast on a time chart: the central forecast as a line from the level at
 * issue time through each horizon, and the band (low–high) as one closed shape that starts as a
 * point at the issue time (the level now is known) and widens with the lead time.
 */
type Scale = (v: number) => number;

const pt = (x: Scale, y: Scale, t: number, v: number) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`;

function sorted(f: Forecast) {
  return [...f.points].sort((a, b) => a.at - b.at);
}

export function forecastLinePath(f: Forecast, x: Scale, y: Scale): string {
  return `M${pt(x, y, f.ts, f.levelCm)}` + sorted(f).map((p) => `L${pt(x, y, p.at, p.levelCm)}`).join('');
}

export function forecastBandPath(f: Forecast, x: Scale, y: Scale): string {
  const points = sorted(f);
  if (points.length === 0) return '';
  const high = points.map((p) => `L${pt(x, y, p.at, p.highCm)}`).join('');
  const low = points.reverse().map((p) => `L${pt(x, y, p.at, p.lowCm)}`).join('');
  return `M${pt(x, y, f.ts, f.levelCm)}${high}${low}Z`;
}

/** The time the chart must reach to show the whole forecast, and the values it must fit. */
export function forecastExtent(f: Forecast): { until: number; values: number[] } {
  let until = f.ts;
  const values = [f.levelCm];
  for (const p of f.points) {
    until = Math.max(until, p.at);
    values.push(p.lowCm, p.highCm, p.levelCm);
  }
  return { until, values };
}
