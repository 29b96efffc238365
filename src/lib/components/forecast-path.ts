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
 * How far beyond the data, the thresholds (the highest Siaga line among them) and the central forecast the band may
 * stretch the value axis, as a share of their span. A hydrograph is read against its Siaga lines: fitting a young
 * forecaster's band of metres would flatten the river and those lines into a strip, so past this the band is cut,
 * and the cut is marked with the value it reaches (bandClips) so the flat edge never reads as the forecast's own.
 */
export const MAX_BAND_GROWTH = 0.3;

export interface ForecastExtent {
  /** The time the chart must reach to show the whole forecast. */
  until: number;
  /** Values the value axis must fit: the central forecast entirely, the band within `bounds`. */
  values: number[];
  /** Where the band is cut: MAX_BAND_GROWTH beyond everything else. */
  bounds: [number, number];
}

export function forecastExtent(f: Forecast, base: readonly number[] = []): ForecastExtent {
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
  const bounds: [number, number] = [lo - room, hi + room];
  const band = f.points.flatMap((p) => [p.lowCm, p.highCm]).map((v) => Math.min(bounds[1], Math.max(bounds[0], v)));
  return { until, values: [...central, ...band], bounds };
}

/** A band edge cut at the chart's bound: the horizon where it goes furthest past it, and the value it reaches there. */
export interface BandClip {
  at: number;
  value: number;
}

/** Where the band leaves `bounds` above (high) and below (low), each at its furthest point; null when it stays inside. */
export function bandClips(f: Forecast, bounds: readonly [number, number]): { high: BandClip | null; low: BandClip | null } {
  let high: BandClip | null = null;
  let low: BandClip | null = null;
  for (const p of f.points) {
    if (p.highCm > bounds[1] && (!high || p.highCm > high.value)) high = { at: p.at, value: p.highCm };
    if (p.lowCm < bounds[0] && (!low || p.lowCm < low.value)) low = { at: p.at, value: p.lowCm };
  }
  return { high, low };
}
