/**
 * River-level forecasts: the contract between the forecaster (ingest/forecast/), the rules that
 * warn from it, the InfluxDB `forecast` measurement, the live feed and the charts.
 */

/** Lead times the forecaster answers for, in minutes. */
export const FORECAST_HORIZONS_MIN = [30, 60, 120] as const;
export type ForecastHorizon = (typeof FORECAST_HORIZONS_MIN)[number];

/** The level expected at one lead time, with a central band (about 80 % of outcomes inside). */
export interface ForecastPoint {
  horizonMin: ForecastHorizon;
  /** Epoch ms the forecast is for (issue time + horizon). */
  at: number;
  levelCm: number;
  lowCm: number;
  highCm: number;
  /**
   * The gauge's own track record at this lead time: 1 − Σ|error| ÷ Σ|move| of its published
   * forecasts when the water moved in recent weeks (each moment's weight halves every week; 1 =
   * perfect, 0 = no better than "the level stays", negative = worse). Absent while too few moves
   * have been seen to judge, counting only those after the model's first day of learning (its
   * young forecasts lean to persistence; after a restart they are the unseen warm-up).
   */
  skill?: number;
}

/** What drove a forecast, for the alert's "why": an upstream rise or rain. */
export interface ForecastReason {
  kind: 'upstream' | 'rain' | 'trend';
  /** The upstream gauge, for `upstream`. */
  sensorId?: string;
  /** Change in cm over `minutes` (upstream, trend) or mm/h of rain (rain). */
  amount: number;
  minutes: number;
}

/** The first Siaga level the central forecast reaches within the horizon, and when. */
export interface ForecastCrossing {
  /** Siaga level number: 3 (Waspada), 2 (Siaga) or 1 (Awas). */
  level: 1 | 2 | 3;
  at: number;
  /** When the band's high and low edges reach it (earliest ≤ at ≤ latest; latest may be null: not within the horizon). */
  earliest: number;
  latest: number | null;
}

export interface Forecast {
  sensorId: string;
  /** Issue time: the timestamp of the reading it was made after (epoch ms). */
  ts: number;
  /** The level at issue time (cm). */
  levelCm: number;
  points: ForecastPoint[];
  crossing: ForecastCrossing | null;
  reasons: ForecastReason[];
  /** 0–1: how much history the model has learned from (0 = cautious start, persistence-like). */
  confidence: number;
}
