import { FORECAST_HORIZONS_MIN, type Forecast, type ForecastPoint } from '../../src/lib/core/forecast';
import type { FloodThresholds } from '../../src/lib/core/sensor';
import { computeCrossing, warningLean } from './crossing';
import { fillExperts, fillSlopes, finite, levelFloor, plausibleMove } from './experts';
import { featureCount, fillFeatures, travelTimeFromWeights, type FeatureSources } from './features';
import { Excursion, GlitchFilter, recentRate } from './glitch';
import { LevelHistory } from './history';
import { EXPERTS, HorizonModel, horizonFloats } from './horizon';
import type { ForecasterOptions } from './options';
import { explain } from './reasons';
import { KeptModels } from './kept-models';
import { forecastPoint } from './point';
import type { HorizonTrackState } from './track-record';

const MIN_MS = 60_000;
/** After a long silence, train on at most this many completed buckets at once (bounds CPU per reading). */
const MAX_TRAIN_BUCKETS = 24;
/**
 * An internal 10-min horizon, not published: the same kinds of expert judged 10 min after they
 * spoke. Its weights multiply into every published horizon's blend, so the blend switches to the
 * expert that holds up within minutes of a flood's turn instead of h minutes later.
 */
const JUDGE_MIN = 10;

/**
 * Scratch shared by every gauge (one thread; each is filled and read within one call): the
 * features, the experts' changes and the reading's slopes. Per gauge they were three more objects
 * each reading touched, cold in cache at thousands of gauges. X grows to the widest gauge (link).
 */
let X = new Float64Array(featureCount(0));
/** X held within a model's seen range (horizon.ts holdToSeen): what its regressions read. */
let XS = new Float64Array(featureCount(0));
const EXPERT_CHANGES = new Float64Array(EXPERTS.length);
const SLOPES = new Float64Array(3);

/** One gauge's forecaster: its history, its glitch filter and one direct model per horizon. */
export class GaugeForecaster {
  readonly id: string;
  readonly history: LevelHistory;
  rain: LevelHistory | null = null;
  upstream: GaugeForecaster[] = [];
  readonly #thresholds: FloodThresholds | undefined;
  readonly #o: Readonly<ForecasterOptions>;
  readonly #bucketMs: number;
  readonly #filter: GlitchFilter;
  readonly #sources: FeatureSources;
  /** A confirmed jump still open to doubt (glitch.ts): the gauges below watch it too. */
  readonly confirmed: Excursion;
  /** The first completed bucket not yet learned from. */
  #nextTrain = Number.NEGATIVE_INFINITY;
  /** What the models had learned before a jump still open to doubt (#guard). */
  readonly #kept = new KeptModels();
  #horizons: HorizonModel[] = [];
  /** The internal 10-min horizon (see JUDGE_MIN). */
  #judge: HorizonModel | null = null;
  /** The judge, then the published horizons: the order #train visits them (built once, not per bucket). */
  #trained: HorizonModel[] = [];
  /** Features per model (featureCount): the width of the shared scratch X this gauge uses. */
  #d = 0;
  #latest: Forecast | null = null;
  /** The lowest level accepted in the gauge's life: where its forecasts' floor stands (experts.ts levelFloor). */
  #lowest = Number.POSITIVE_INFINITY;
  /** #lowest before the jump open to doubt: a fault's readings, taken out, take their low with them. */
  #lowestBefore = Number.POSITIVE_INFINITY;

  constructor(id: string, thresholds: FloodThresholds | undefined, o: Readonly<ForecasterOptions>) {
    [this.id, this.#thresholds, this.#o] = [id, thresholds, o];
    this.#bucketMs = o.bucketS * 1000;
    this.history = new LevelHistory(this.#bucketMs, o.historyS * 1000, o.maxBridgeS * 1000);
    this.#filter = new GlitchFilter(o.glitchFactor, o.glitchMinCm, this.#bucketMs);
    this.#sources = { own: this.history, upstream: [], rain: null };
    this.confirmed = new Excursion();
  }

  /** Called once the upstream links are resolved (nearest first): sizes the models. */
  link(upstream: GaugeForecaster[]): void {
    this.upstream = upstream;
    this.#sources.upstream = upstream.map((u) => u.history);
    const d = featureCount(upstream.length);
    this.#d = d;
    if (X.length < d) [X, XS] = [new Float64Array(d), new Float64Array(d)];
    // One array for all the models, their hot parts side by side (horizon.ts, HorizonPlace).
    const minutes = [JUDGE_MIN, ...FORECAST_HORIZONS_MIN];
    const sizes = minutes.map((h) => horizonFloats(h, d, this.#o));
    const store = new Float64Array(sizes.reduce((n, z) => n + z.hot + z.ring + z.cold, 0));
    let hot = 0;
    let ring = sizes.reduce((n, z) => n + z.hot, 0);
    let cold = sizes.reduce((n, z) => n + z.ring, ring);
    const models = minutes.map((h, k) => {
      const m = new HorizonModel(h, d, this.#o, { store, hot, ring, cold });
      [hot, ring, cold] = [hot + sizes[k].hot, ring + sizes[k].ring, cold + sizes[k].cold];
      return m;
    });
    // New upstream links retrain the models; the gauge's record of what it published goes on.
    const kept = this.trackStates();
    this.#judge = models[0];
    this.#horizons = models.slice(1);
    this.#trained = models;
    this.#kept.clear();
    this.restoreTracks(kept, Infinity);
  }

  /** Each published horizon's track record (the numbers to store), for those with any. */
  trackStates(): HorizonTrackState[] {
    const out: HorizonTrackState[] = [];
    for (const hm of this.#horizons) {
      const s = hm.track.state();
      if (s) out.push({ horizonMin: hm.hMin, ...s });
    }
    return out;
  }

  /** Adds stored records to the horizons they are of (track-record.ts restore); how many were taken. */
  restoreTracks(states: readonly HorizonTrackState[], nowMs: number): number {
    let n = 0;
    for (const s of states) {
      const hm = this.#horizons.find((m) => m.hMin === s.horizonMin);
      if (!hm?.track.restore(s, nowMs)) continue;
      n++;
      this.#kept.restoreTrack(this.#trained.indexOf(hm), hm, s, nowMs);
    }
    return n;
  }

  /** The travel time (min) from the `u`-th upstream gauge as the 60-min regression has learned it (features.ts). */
  travelTimeMin(u: number): number | null {
    const hm = this.#horizons[1];
    if (!hm || u >= this.upstream.length || hm.updates === 0) return null;
    return travelTimeFromWeights((i) => hm.slowWeight(i), u, hm.hMin);
  }

  /** The lowest level accepted so far, faults taken out (the forecasts' floor stands below it). */
  get lowest(): number {
    return this.#lowest;
  }

  get latest(): Forecast | null {
    return this.#latest;
  }

  observe(ts: number, level: number, rainMmH: number | undefined): Forecast | null {
    if (!Number.isFinite(ts) || !Number.isFinite(level)) return this.#latest;
    if (rainMmH !== undefined && Number.isFinite(rainMmH) && rainMmH >= 0) {
      this.rain ??= new LevelHistory(this.#bucketMs, this.#o.historyS * 1000, this.#o.maxBridgeS * 1000);
      this.#sources.rain = this.rain;
      this.rain.push(ts, rainMmH);
    }
    const lastTs = this.history.lastTs;
    const lastLevel = this.history.lastLevel;
    if (ts <= lastTs) return this.#latest;
    const verdict = this.#filter.judge(lastLevel, lastTs, ts, level, recentRate(this.history, lastTs, lastLevel));
    if (verdict === 'hold') return this.#latest;
    const released = verdict === 'accept-held' || verdict === 'release-hold';
    if (released) this.#accept(this.#filter.releasedTs, this.#filter.releasedLevel, true);
    if (verdict === 'release-hold') {
      this.#latest = this.#forecast(this.#filter.releasedTs, this.#filter.releasedLevel);
      return this.#latest;
    }
    this.#accept(ts, level);
    this.#latest = this.#forecast(ts, level);
    return this.#latest;
  }

  /** Accepts a reading; `jumped`: one the glitch filter held and the next reading confirmed. */
  #accept(ts: number, level: number, jumped = false): void {
    const lastTs = this.history.lastTs;
    const lastLevel = this.history.lastLevel;
    if (ts <= lastTs) return;
    const exc = this.confirmed;
    exc.expire(ts);
    if (jumped && exc.returns(ts, level, this.#filter.allowed(ts - exc.baseTs))) {
      // back where it left: a fault, not water; taken out of the history and (#guard) the regressions
      this.history.push(ts, level);
      this.history.repair(exc.baseTs, exc.baseLevel, ts, level);
      exc.repaired();
      this.#lowest = this.#lowestBefore;
    } else {
      if (!exc.open) this.#lowestBefore = this.#lowest;
      // not after a silence longer than the history bridges: a repair would fill a gap left empty
      if (jumped && ts - lastTs <= this.#o.maxBridgeS * 1000) exc.start(ts, level, lastTs, lastLevel);
      // an open jump's steps are not learned: a fault's would widen the allowance for hours
      else if (!exc.open && Number.isFinite(lastLevel)) this.#filter.learn(level - lastLevel, ts - lastTs);
      this.history.push(ts, level);
    }
    this.#lowest = Math.min(this.#lowest, level);
    this.#guard(ts);
    const head = this.history.head;
    for (let b = Math.max(this.#nextTrain, head - MAX_TRAIN_BUCKETS); b < head; b++) this.#train(b);
    this.#nextTrain = Math.max(this.#nextTrain, head);
  }

  /**
   * While a jump here or upstream is open to doubt (glitch.ts Excursion), keeps a copy of what the
   * models had learned before it (regressions, band, experts' errors, typical move, track record)
   * and of the forecasts they had issued; when one proves a fault, goes back to the copy (the
   * forecasts issued on the jump are forgotten) and learns the buckets since again from the
   * repaired history, scoring the forecasts from before it against what the water did rather than
   * against the fault. Copies exist only while a jump is open (rare).
   */
  #guard(ts: number): void {
    let open = this.confirmed.open;
    let repairs = this.confirmed.repairs;
    for (const u of this.upstream) {
      open ||= u.confirmed.openAt(ts);
      repairs += u.confirmed.repairs;
    }
    this.#kept.guard(ts, open, repairs, this.#trained, this.#nextTrain, (from) => {
      for (let b = Math.max(from, this.#nextTrain - 2 * MAX_TRAIN_BUCKETS); b < this.#nextTrain; b++) this.#train(b);
    });
  }

  /** Learns from bucket `b` now that it is complete: each horizon's pair whose outcome is bucket b. */
  #train(b: number): void {
    const y = this.history.bucket(b);
    if (!Number.isFinite(y)) return;
    const tEnd = (b + 1) * this.#bucketMs - 1;
    const trained = this.#trained;
    for (let k = 0; k < trained.length; k++) {
      const hm = trained[k];
      const issueBucket = b - Math.round((hm.hMin * MIN_MS) / this.#bucketMs);
      const y0 = this.history.bucket(issueBucket);
      if (!Number.isFinite(y0)) continue;
      hm.score(issueBucket, y - y0);
      if (!fillFeatures(X, this.#sources, tEnd - hm.hMin * MIN_MS, y0)) continue;
      hm.learn(X, y - y0);
    }
  }

  #forecast(ts: number, level: number): Forecast {
    const ok = fillFeatures(X, this.#sources, ts, level);
    // the slopes are the same for every horizon: once per reading
    fillSlopes(SLOPES, this.history, ts, level);
    const bucket = this.history.bucketOf(ts);
    const recent = finite(level - this.history.at(ts - 30 * MIN_MS));
    const judge = this.#judge ?? undefined;
    if (judge) judge.remember(bucket, this.#blend(judge, this.#plausible(judge, ts, level), ok, 1), 1, EXPERT_CHANGES);
    const horizons = this.#horizons;
    // sized once (a literal [] grows to 17 slots on the first push): the forecast outlives a scavenge
    const points: ForecastPoint[] = new Array(horizons.length);
    let trustSum = 0;
    for (let k = 0; k < horizons.length; k++) {
      const hm = horizons[k];
      // A young gauge leans to persistence in two ways. Its regressions count by what they have
      // learned (trust: a day of buckets for half); the other experts by what outcomes have shown of
      // them (evidence, from the 10-min judge, which hears of them first), never less than trust.
      // The straight lines need no learning: shrinking them by the regressions' day too made a gauge
      // that met its first flood on its first day forecast it as if the level stayed (0 days'
      // history: h60 0.41 → 0.55). And a gauge that has been still for weeks has no evidence (no
      // moving water to judge by) but is no young gauge: trust holds for it as before.
      const trust = hm.updates / (hm.updates + this.#o.halfTrustSteps);
      trustSum += trust;
      const shrink = Math.max((judge ?? hm).evidence, trust);
      // the experts are filled (and remembered, to be judged) even while nothing is trusted yet
      const cap = this.#plausible(hm, ts, level);
      // the last guard, never reached by a sound blend: not below where this river's water has been
      const floor = Math.min(level, levelFloor(this.#lowest, 10 * hm.typicalMove));
      const delta = Math.max(floor - level, shrink * this.#blend(hm, cap, ok, shrink > 0 ? trust / shrink : 0, judge));
      const scale = hm.scale(delta, recent);
      hm.remember(bucket, delta, scale, EXPERT_CHANGES);
      // the lean reads the calibrated edge, not the young widening: a model that knows little must not warn more
      const lean = hm.hMin <= this.#o.warnLeanMaxMin ? warningLean(level, delta, Math.max(0, hm.hiQ) * scale, this.#thresholds, this.#o.warnLean) : 0;
      if (lean !== 0) hm.rememberLean(bucket, lean);
      points[k] = forecastPoint(hm, ts, level, delta, lean, scale, trust, floor, cap);
    }
    return {
      sensorId: this.id,
      ts,
      levelCm: level,
      points,
      crossing: computeCrossing(ts, level, points, this.#thresholds),
      reasons: explain(this, ts, level),
      confidence: this.#horizons.length ? trustSum / this.#horizons.length : 0
    };
  }

  /** The largest change over the horizon worth believing (experts.ts plausibleMove). */
  #plausible(hm: HorizonModel, ts: number, level: number): number {
    return plausibleMove(this.history, this.#sources.upstream, ts, level, hm.hMin, hm.typicalMove, this.#o.plausibleFactor);
  }

  /** Fills the experts' changes for one horizon, each within `cap` (features already in X when `ok`), and blends them. */
  #blend(hm: HorizonModel, cap: number, ok: boolean, trust: number, judge?: HorizonModel): number {
    if (ok) hm.holdToSeen(XS, X);
    const rls = ok ? trust * hm.predict(XS, X) : 0;
    const rlsFast = ok ? trust * hm.predictFast(XS, X) : 0;
    fillExperts(EXPERT_CHANGES, SLOPES, hm.hMin, rls, rlsFast, cap);
    return hm.combine(EXPERT_CHANGES, judge);
  }

  get bytes(): number {
    let b = this.history.bytes + (this.rain?.bytes ?? 0) + this.#filter.bytes + 8 * this.#d + EXPERT_CHANGES.byteLength + 160;
    for (const hm of this.#horizons) b += hm.bytes;
    if (this.#judge) b += this.#judge.bytes;
    // what the models learned before a jump here or upstream still open to doubt
    return b + this.#kept.bytes;
  }
}
