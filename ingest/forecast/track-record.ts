/**
 * A gauge's own track record at one horizon: how much better its published forecasts did than
 * "the level stays" when the water moved in recent weeks.
 *
 * Why: skill differs far between gauges (0.13–0.71 at 60 min on the shared split: a regulated
 * reach or a weir moved by people forecasts badly, a rain-fed one well), and the model's
 * `confidence` only says how much history it has, not how right it has been. Emergency staff
 * weighing a forecast warning need the second. Measured as the benchmark's event skill is
 * (1 − Σ|forecast − outcome| ÷ Σ|outcome − level at issue|, moving water only), online, with each
 * moment's weight halving every `halfLifeMs` so an old flood fades (slowly: a flood has many more
 * moving-water moments than a quiet week, so it weighs in for weeks; on the shared split the record
 * each gauge states at the end matches its event skill over the whole month, r 0.88, and over its
 * last 7 days only r 0.51: `bench:forecast` prints the check). A model adds to it only once it
 * has `halfTrustSteps` updates (horizon.ts score): younger, its forecasts are shrunk toward
 * persistence while it learns, and after an ingest restart they are the warm-up day nobody saw.
 * Counted, they held the record about 0.3 below a never-restarted gauge's for two weeks after a
 * restart on the shared split (1 day of warm-up, as the ingest's default 24 h).
 */

/** Fewer weighted moves than this and the record is too thin to quote (an hour of moving water in 5-min buckets). */
export const MIN_TRACK_MOVES = 12;
const WEEK_MS = 7 * 86_400_000;
/** A stored record dated later than now by more than this is a wrong clock, not a record: refused. */
const FUTURE_SLACK_MS = 3_600_000;

/**
 * A record's numbers, as the ingest stores them (measurement `forecast_record`, ingest/forecast-records.ts) so
 * a restart does not lose weeks of it: the weighted sums and the issue time of the last outcome.
 */
export interface TrackState {
  err: number;
  persistence: number;
  moves: number;
  lastMs: number;
}

/** One horizon's record of a gauge, as stored. */
export interface HorizonTrackState extends TrackState {
  horizonMin: number;
}

/** A gauge's stored records, one per published horizon that has any. */
export interface GaugeTrackStates {
  sensorId: string;
  horizons: HorizonTrackState[];
}

/** A state that can be a record's: finite sums ≥ 0, a finite time. */
export function isTrackState(s: TrackState): boolean {
  return [s.err, s.persistence, s.moves].every((v) => Number.isFinite(v) && v >= 0) && Number.isFinite(s.lastMs);
}

export class TrackRecord {
  #err = 0;
  #persistence = 0;
  #moves = 0;
  #lastMs = Number.NaN;
  /** Outcomes issued at or before this are in a restored record already (a warm-up replays them): not counted twice. */
  #countedUntil = -Infinity;
  readonly #halfLifeMs: number;

  constructor(halfLifeMs = WEEK_MS) {
    this.#halfLifeMs = halfLifeMs;
  }

  /**
   * The outcome of a forecast issued at `atMs` (the weights decay by issue time): the change that was forecast and the change that came. Counted
   * only when the water moved at least `movingCm`; quiet water would flatter any forecast.
   */
  add(atMs: number, forecastChange: number, actualChange: number, movingCm: number): void {
    if (!Number.isFinite(forecastChange) || !Number.isFinite(actualChange) || Math.abs(actualChange) < movingCm) return;
    if (atMs <= this.#countedUntil) return;
    this.#decayTo(atMs);
    this.#err += Math.abs(forecastChange - actualChange);
    this.#persistence += Math.abs(actualChange);
    this.#moves += 1;
  }

  /** Halves the weights per half-life from the last outcome to `atMs` (never backwards: a late outcome counts as of the last). */
  #decayTo(atMs: number): void {
    if (Number.isFinite(this.#lastMs) && atMs > this.#lastMs) {
      const keep = 0.5 ** ((atMs - this.#lastMs) / this.#halfLifeMs);
      this.#err *= keep;
      this.#persistence *= keep;
      this.#moves *= keep;
    }
    if (!(atMs < this.#lastMs)) this.#lastMs = atMs;
  }

  /** The numbers to store; null while nothing has been counted. */
  state(): TrackState | null {
    return this.#moves > 0 ? { err: this.#err, persistence: this.#persistence, moves: this.#moves, lastMs: this.#lastMs } : null;
  }

  /**
   * Adds a stored record (an earlier run's, or the models' before a relink) to this one, each
   * weighted as of the later of the two; outcomes issued up to its last one are then not counted
   * again. False, and nothing changed, for numbers that cannot be a record or a time after `nowMs`.
   */
  restore(s: TrackState, nowMs: number): boolean {
    if (!isTrackState(s) || s.lastMs > nowMs + FUTURE_SLACK_MS) return false;
    const keep = Number.isFinite(this.#lastMs) && this.#lastMs > s.lastMs ? 0.5 ** ((this.#lastMs - s.lastMs) / this.#halfLifeMs) : 1;
    this.#decayTo(s.lastMs);
    this.#err += keep * s.err;
    this.#persistence += keep * s.persistence;
    this.#moves += keep * s.moves;
    this.#countedUntil = Math.max(this.#countedUntil, s.lastMs);
    return true;
  }

  /** Floats `save` writes. */
  static readonly savedFloats = 5;

  /** Writes its numbers at `out[at …]`, to go back to (horizon.ts save: outcomes a sensor fault made up are taken back). */
  save(out: Float64Array, at: number): void {
    [out[at], out[at + 1], out[at + 2], out[at + 3], out[at + 4]] = [this.#err, this.#persistence, this.#moves, this.#lastMs, this.#countedUntil];
  }

  /** Goes back to numbers from `save`. */
  load(saved: Float64Array, at: number): void {
    [this.#err, this.#persistence, this.#moves, this.#lastMs, this.#countedUntil] = saved.subarray(at, at + 5);
  }

  /**
   * `restore` into numbers from `save` (a copy kept to go back to, gauge.ts): a record restored while a
   * copy is kept must be in it too, or going back would lose it. The decay commutes, so restoring into the
   * copy and then counting the outcomes since again comes to what restoring after them did.
   */
  restoreSaved(saved: Float64Array, at: number, s: TrackState, nowMs: number): boolean {
    const copy = new TrackRecord(this.#halfLifeMs);
    copy.load(saved, at);
    const ok = copy.restore(s, nowMs);
    copy.save(saved, at);
    return ok;
  }

  /** Weighted number of moving-water outcomes behind the record. */
  get moves(): number {
    return this.#moves;
  }

  /** 1 = perfect, 0 = no better than "the level stays", negative = worse; null while too thin. */
  get skill(): number | null {
    return this.#moves >= MIN_TRACK_MOVES && this.#persistence > 0 ? 1 - this.#err / this.#persistence : null;
  }

  static readonly bytes = 40;
}
