/**
 * The forecast benchmark's scorer, a line-for-line reading of shared/forecast/score.py (which must
 * agree with it on the reference forecasters' outputs before our own numbers are trusted).
 */
import { HORIZONS_MIN, type Horizon, type Series, type StationForecasts } from './data';

export interface WarnTable {
  hits: number;
  misses: number;
  falseAlarms: number;
}

export interface ForecastScores {
  stations: number;
  coverage: number;
  skillAll: Record<Horizon, number | null>;
  skillEvent: Record<Horizon, number | null>;
  stationMedianEvent: Record<Horizon, number | null>;
  warnEvents: number;
  warned30: number;
  meanLeadMin: number | null;
  csi: Record<Horizon, number | null>;
  tables: Record<Horizon, WarnTable>;
}

/** Running sums over stations; `add` one station at a time, then `result`. */
export class ForecastScorer {
  #stations = 0;
  #coverage = [0, 0];
  readonly #num = perHorizon(() => [0, 0]);
  readonly #numEv = perHorizon(() => [0, 0]);
  readonly #stEv = perHorizon((): number[] => []);
  readonly #table = perHorizon((): WarnTable => ({ hits: 0, misses: 0, falseAlarms: 0 }));
  #events = 0;
  #hits30 = 0;
  readonly #leads: number[] = [];

  add(series: Series, fc: StationForecasts, warnCm: number | null): void {
    const y = new Map<number, number>();
    for (let i = 0; i < series.ts.length; i++) y.set(series.ts[i], series.level[i]);
    const ts = [...y.keys()].sort((a, b) => a - b);
    this.#stations++;
    for (const t of ts) {
      this.#coverage[1]++;
      const f = fc.get(t);
      if (f && Object.keys(f).length > 0) this.#coverage[0]++;
    }
    for (const h of HORIZONS_MIN) this.#addSkill(h, ts, y, fc);
    if (warnCm === null) return;
    for (const h of HORIZONS_MIN) this.#addTable(h, ts, y, fc, warnCm);
    this.#addCrossings(ts, y, fc, warnCm);
  }

  #addSkill(h: Horizon, ts: number[], y: Map<number, number>, fc: StationForecasts): void {
    const pairs: [number, number][] = [];
    for (const t of ts) {
      const y2 = y.get(t + h * 60);
      if (y2 === undefined) continue;
      const y0 = y.get(t) as number;
      const f = fc.get(t)?.[h] ?? y0;
      pairs.push([Math.abs(f - y2), Math.abs(y0 - y2)]);
    }
    if (pairs.length === 0) return;
    for (const [em, ep] of pairs) {
      this.#num[h][0] += em;
      this.#num[h][1] += ep;
    }
    const moves = pairs.map((p) => p[1]).sort((a, b) => a - b);
    const thr = Math.max(2, moves[Math.floor(0.9 * (moves.length - 1))]);
    const ev = pairs.filter((p) => p[1] >= thr);
    let [se, sp] = [0, 0];
    for (const [em, ep] of ev) {
      this.#numEv[h][0] += em;
      this.#numEv[h][1] += ep;
      se += em;
      sp += ep;
    }
    if (ev.length >= 20) this.#stEv[h].push(sp > 0 ? 1 - se / sp : 0);
  }

  #addTable(h: Horizon, ts: number[], y: Map<number, number>, fc: StationForecasts, warn: number): void {
    const tab = this.#table[h];
    for (const t of ts) {
      const y2 = y.get(t + h * 60);
      if (y2 === undefined || (y.get(t) as number) >= warn) continue;
      const obs = y2 >= warn;
      const f = fc.get(t)?.[h];
      const pred = f !== undefined && f >= warn;
      if (obs && pred) tab.hits++;
      else if (obs) tab.misses++;
      else if (pred) tab.falseAlarms++;
    }
  }

  /** Upward crossings after ≥ 6 h below; lead = the longest horizon whose forecast issued h before said ≥ warn. */
  #addCrossings(ts: number[], y: Map<number, number>, fc: StationForecasts, warn: number): void {
    let belowSince: number | null = null;
    for (const t of ts) {
      if ((y.get(t) as number) < warn) {
        belowSince ??= t;
        continue;
      }
      if (belowSince !== null && t - belowSince >= 6 * 3600) {
        this.#events++;
        let lead = 0;
        for (const h of HORIZONS_MIN) {
          const t0 = t - h * 60;
          const f = fc.get(t0)?.[h];
          const y0 = y.get(t0);
          if (y0 !== undefined && y0 < warn && f !== undefined && f >= warn) lead = h;
        }
        this.#leads.push(lead);
        if (lead >= 30) this.#hits30++;
      }
      belowSince = null;
    }
  }

  result(): ForecastScores {
    const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
    const skill = (n: number[]) => (n[1] ? r4(1 - n[0] / n[1]) : null);
    const median = (a: number[]) => (a.length ? r4([...a].sort((x, z) => x - z)[Math.floor(a.length / 2)]) : null);
    const csi = (t: WarnTable) => {
      const d = t.hits + t.misses + t.falseAlarms;
      return d ? r4(t.hits / d) : null;
    };
    return {
      stations: this.#stations,
      coverage: r4(this.#coverage[0] / Math.max(1, this.#coverage[1])),
      skillAll: perHorizon((h) => skill(this.#num[h])),
      skillEvent: perHorizon((h) => skill(this.#numEv[h])),
      stationMedianEvent: perHorizon((h) => median(this.#stEv[h])),
      warnEvents: this.#events,
      warned30: this.#hits30,
      meanLeadMin: this.#leads.length ? Math.round((this.#leads.reduce((a, b) => a + b, 0) / this.#leads.length) * 10) / 10 : null,
      csi: perHorizon((h) => csi(this.#table[h])),
      tables: perHorizon((h) => ({ ...this.#table[h] }))
    };
  }
}

function perHorizon<T>(make: (h: Horizon) => T): Record<Horizon, T> {
  return { 30: make(30), 60: make(60), 120: make(120) };
}
