/**
 * River-level forecaster for every flood gauge: learns online from the gauge's own readings, its
 * upstream gauges (the catalog's `downstream` links, read backwards; travel times are learned)
 * and rainfall where measured; forecasts +30, +60 and +120 min with a band. See README.md.
 */
import type { Forecast } from '../../src/lib/core/forecast';
import type { Catalog, FloodThresholds } from '../../src/lib/core/sensor';
import { GaugeForecaster } from './gauge';
import { resolveForecasterOptions, type ForecasterOptions } from './options';
import type { GaugeTrackStates, HorizonTrackState } from './track-record';

export type { ForecasterOptions } from './options';
export { FORECASTER_DEFAULTS } from './options';
export type { GaugeTrackStates, HorizonTrackState } from './track-record';

export interface ForecastGauge {
  id: string;
  /** Gauges upstream of this one (their water reaches it later). */
  upstream: string[];
  thresholds?: FloodThresholds;
  /** Promised reporting interval (s), informative: the forecaster works from timestamps. */
  intervalS?: number;
}

export interface RiverForecaster {
  /** One reading of a gauge (time order per gauge; gauges interleave). Returns the gauge's forecast after it, or null when it is not a known gauge. */
  observe(sensorId: string, ts: number, levelCm: number, rainfallMmH?: number): Forecast | null;
  latest(sensorId: string): Forecast | null;
  stateBytes(): number;
  /** Learned travel time (min) from each upstream gauge used (nearest first), null where nothing clear is learned yet. */
  travelTimes?(sensorId: string): { upstreamId: string; minutes: number | null }[];
  /** A new catalog's gauges (registry change while running); absent: the forecaster keeps its start catalog. */
  update?(gauges: readonly ForecastGauge[]): void;
  /** Gauges held. */
  size?(): number;
  /** Every gauge's track records (track-record.ts), to store so a restart keeps them. */
  trackStates?(): GaugeTrackStates[];
  /** Adds stored track records to the gauges held (unknown gauges and bad numbers are passed over); how many horizons took one. */
  restoreTrackStates?(states: readonly GaugeTrackStates[], nowMs: number): number;
}

export function createRiverForecaster(gauges: readonly ForecastGauge[], options: Partial<ForecasterOptions> = {}): RiverForecaster {
  const o = resolveForecasterOptions(options);
  const byId = new Map<string, GaugeForecaster>();
  /**
   * Our own copy of each gauge's Siaga levels, handed to its forecaster: new levels from the registry
   * are written into it, so the forecaster (which only places the crossing with them) keeps what it learned.
   */
  const levels = new Map<string, FloodThresholds>();
  /** Sets the gauges: known ones keep their forecaster (relinked, models relearned, only when their upstream changed). */
  function update(next: readonly ForecastGauge[]): void {
    const ids = new Set(next.map((g) => g.id));
    for (const id of byId.keys()) {
      if (ids.has(id)) continue;
      byId.delete(id);
      levels.delete(id);
    }
    const fresh = new Set<string>();
    // A gauge given Siaga levels (or losing them) gets a new forecaster; what it published stays judged (as on a relink).
    const carried = new Map<string, HorizonTrackState[]>();
    for (const g of next) {
      const held = levels.get(g.id);
      if (byId.has(g.id) && !held === !g.thresholds) {
        if (held && g.thresholds) Object.assign(held, g.thresholds);
        continue;
      }
      const own = g.thresholds ? { ...g.thresholds } : undefined;
      if (own) levels.set(g.id, own);
      else levels.delete(g.id);
      const replaced = byId.get(g.id);
      if (replaced) carried.set(g.id, replaced.trackStates());
      byId.set(g.id, new GaugeForecaster(g.id, own, o));
      fresh.add(g.id);
    }
    const direct = new Map(next.map((g) => [g.id, g.upstream]));
    for (const g of next) {
      const gauge = byId.get(g.id)!;
      const ups = upstreamOf(g.id, direct, o.maxUpstream)
        .map((u) => byId.get(u))
        .filter((u): u is GaugeForecaster => u !== undefined);
      const linked = gauge.upstream.length === ups.length && gauge.upstream.every((u, i) => u === ups[i]);
      if (!linked || fresh.has(g.id)) gauge.link(ups);
    }
    for (const [id, states] of carried) byId.get(id)?.restoreTracks(states, Infinity);
  }
  update(gauges);
  return {
    observe: (id, ts, level, rain) => byId.get(id)?.observe(ts, level, rain) ?? null,
    latest: (id) => byId.get(id)?.latest ?? null,
    travelTimes: (id) => {
      const g = byId.get(id);
      return g ? g.upstream.map((u, i) => ({ upstreamId: u.id, minutes: g.travelTimeMin(i) })) : [];
    },
    stateBytes: () => {
      let b = 0;
      for (const g of byId.values()) b += g.bytes;
      return b;
    },
    update,
    size: () => byId.size,
    trackStates: () => {
      const out: GaugeTrackStates[] = [];
      for (const g of byId.values()) {
        const horizons = g.trackStates();
        if (horizons.length > 0) out.push({ sensorId: g.id, horizons });
      }
      return out;
    },
    restoreTrackStates: (states, nowMs) => states.reduce((n, s) => n + (byId.get(s.sensorId)?.restoreTracks(s.horizons, nowMs) ?? 0), 0)
  };
}

/**
 * A gauge's upstream gauges nearest first, breadth-first through the links (its direct upstream,
 * then theirs), at most `max`: the wave seen two gauges up gives more lead than the one next door.
 */
export function upstreamOf(id: string, direct: ReadonlyMap<string, readonly string[]>, max: number): string[] {
  const out: string[] = [];
  const seen = new Set([id]);
  let frontier = [id];
  while (frontier.length > 0 && out.length < max) {
    const next: string[] = [];
    for (const g of frontier) {
      for (const u of direct.get(g) ?? []) {
        if (seen.has(u) || !direct.has(u)) continue;
        seen.add(u);
        next.push(u);
      }
    }
    out.push(...next.slice(0, max - out.length));
    frontier = next;
  }
  return out;
}

/** Every flood gauge of the catalog, with its upstream gauges (those whose `downstream` lists it) and its Siaga thresholds. */
export function forecastGaugesFromCatalog(catalog: Catalog): ForecastGauge[] {
  const upstream = new Map<string, string[]>();
  for (const s of catalog.sensors) {
    for (const d of s.downstream ?? []) {
      if (!upstream.has(d)) upstream.set(d, []);
      upstream.get(d)?.push(s.id);
    }
  }
  return catalog.sensors
    .filter((s) => s.kind === 'flood')
    .map((s) => ({ id: s.id, upstream: upstream.get(s.id) ?? [], thresholds: s.flood, intervalS: s.intervalS }));
}
