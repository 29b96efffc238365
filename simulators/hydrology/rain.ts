/**
 * Rain over the city and the catchment (mm/h), a pure function of (place, time, seed, storms):
 * ordinary showers (a city-wide hourly draw, ~8 % of hours, 2–20 mm/h, each place a little wetter
 * or drier) plus scenario storms, cells that move across the map with a Gaussian footprint.
 */
import { hashUnit } from '../../src/lib/core/random';
import { HOUR_MS } from '../clock';

const SHOWER_CHANCE = 0.08;
const SHOWER_MAX_MMH = 18;
const KM_PER_DEG = 111.32;

/** A storm cell in absolute time: intensity envelope × footprint around a moving centre. */
export interface StormCell {
  startMs: number;
  rampMs: number;
  holdMs: number;
  fadeMs: number;
  peakMmH: number;
  /** Centre at startMs, and its velocity (km/h east and north). */
  lat: number;
  lon: number;
  eastKmH: number;
  northKmH: number;
  /** Footprint: intensity falls to e^-½ at this distance from the centre. */
  radiusKm: number;
}

export function stormEndMs(s: StormCell): number {
  return s.startMs + s.rampMs + s.holdMs + s.fadeMs;
}

/** 0…1 over the storm's life: ramp up, hold, fade. */
function stormEnvelope(s: StormCell, tMs: number): number {
  const t = tMs - s.startMs;
  if (t <= 0 || tMs >= stormEndMs(s)) return 0;
  if (t < s.rampMs) return t / s.rampMs;
  if (t < s.rampMs + s.holdMs) return 1;
  return 1 - (t - s.rampMs - s.holdMs) / s.fadeMs;
}

export function stormRain(s: StormCell, lat: number, lon: number, tMs: number): number {
  const env = stormEnvelope(s, tMs);
  if (env === 0) return 0;
  const h = (tMs - s.startMs) / HOUR_MS;
  const dx = (lon - s.lon) * KM_PER_DEG * Math.cos((lat * Math.PI) / 180) - s.eastKmH * h;
  const dy = (lat - s.lat) * KM_PER_DEG - s.northKmH * h;
  return s.peakMmH * env * Math.exp(-(dx * dx + dy * dy) / (2 * s.radiusKm * s.radiusKm));
}

/** Peak intensity (mm/h) of the city's shower in hour `hourIndex`, 0 when it stays dry. */
function showerPeak(seed: number, hourIndex: number): number {
  if (hashUnit(seed, 'shower', hourIndex) >= SHOWER_CHANCE) return 0;
  return 2 + SHOWER_MAX_MMH * hashUnit(seed, 'shower-peak', hourIndex);
}

/** Ordinary rain at a place (`placeKey` fixes how wet it is): a half-sine shower inside its hour. */
export function showerRain(placeKey: string, tMs: number, seed: number): number {
  const hour = Math.floor(tMs / HOUR_MS);
  const peak = showerPeak(seed, hour);
  if (peak === 0) return 0;
  const local = 0.6 + 0.8 * hashUnit(seed, `${placeKey}:rain`, 0);
  return peak * local * Math.sin((Math.PI * (tMs - hour * HOUR_MS)) / HOUR_MS);
}

export interface Place {
  key: string;
  lat: number;
  lon: number;
}

export function rainAt(place: Place, tMs: number, seed: number, storms: readonly StormCell[]): number {
  let r = showerRain(place.key, tMs, seed);
  for (const s of storms) r += stormRain(s, place.lat, place.lon, tMs);
  return r;
}
