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

/**
 * How far beyond the data, the thresholds and the central forecast the band may stretch the value
 * axis, as a share of their span. A young forecaster's band can be metres wide; fitting all of it
 * would flatten the river into a line, so the band is drawn cut at the chart's edge instead.
 */
export const MAX_BAND_GROWTH = 0.3;

/**
 * The time the chart must reach to show the whole forecast, and the values it must fit: the central
 * forecast entirely, the band only up to MAX_BAND_GROWTH beyond everything else (`base`).
 */
export function forecastExtent(f: Forecast, base: readonly number[] = []): { until: number; values: number[] } {
  let until = f.ts;
  const central = [f.levelCm];
  for (const p of f.points) {
    until = Math.max(until, p.at);
    central.push(p.levelCm);
  }
  const all = [...base, ...central].filter(Number.isFinite);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const room = Math.max(hi - lo, 1) * MAX_BAND_GROWTH;
  const band = f.points.flatMap((p) => [p.lowCm, p.highCm]).map((v) => Math.min(hi + room, Math.max(lo - room, v)));
  return { until, values: [...central, ...band] };
}
