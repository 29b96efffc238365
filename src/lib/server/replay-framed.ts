import type { ReplayWindow } from '../core/history';
import type { SensorKind } from '../core/sensor';
import type { RangePart } from './resolution';
import { bucketFrames, FRAME_WIDTHS_S, type FramesByKind } from './replay-frames';

/**
 * Which part of a replay the frames answer (pure, unit-tested). A city whose per-sensor plan is
 * hourly or wider (replay.ts planReplay: thousands of sensors, or a long window) reads the frames
 * instead, its step rounded up to a stored width (1, 3, 6 or 24 hours) or whole days, so the frames
 * read are the frames shown: InfluxDB's cost grows with the bytes it answers.
 */
export interface FramedPlan {
  window: ReplayWindow;
  /** The stored width read, seconds: the step itself, or a day for steps of several days. */
  widthS: number;
}

const DAY_S = 86_400;

/** The step rounded up to a stored width, or to whole days past the widest. */
export function framedStep(stepS: number): number {
  return FRAME_WIDTHS_S.find((w) => w >= stepS) ?? Math.ceil(stepS / DAY_S) * DAY_S;
}

/** null when the per-sensor plan is finer than an hour (a small city, a short window) or reads raw readings only (rollups off). */
export function planFramed(perSensor: { window: ReplayWindow; parts: RangePart[] }): FramedPlan | null {
  if (perSensor.window.stepS < 3600 || !perSensor.parts.some((p) => p.resolution === '1h')) return null;
  const stepS = framedStep(perSensor.window.stepS);
  return { window: { ...perSensor.window, stepS }, widthS: Math.min(stepS, DAY_S) };
}

/** The start of the first frame to read: the one holding `from` (frames are aligned like GROUP BY time buckets). */
export function firstFrame(p: FramedPlan): number {
  const stepMs = p.window.stepS * 1000;
  return Math.floor(p.window.from / stepMs) * stepMs;
}

/**
 * Where the frames stop: the start of the first replay bucket holding a frame missing for a kind
 * the city has (the frames job has not run for it yet). `window.to` when every frame is there.
 */
export function framesCut(frames: FramesByKind, kinds: ReadonlySet<SensorKind>, p: FramedPlan): number {
  const stepMs = p.window.stepS * 1000;
  const starts = [...kinds].map((k) => new Set(frames[k].map(([at]) => at)));
  for (let at = firstFrame(p); at < p.window.to; at += p.widthS * 1000) {
    if (starts.some((s) => !s.has(at))) return Math.floor(at / stepMs) * stepMs;
  }
  return p.window.to;
}

/** Each kind's rows per sensor from the frames starting before `cut`, in buckets of the window's step. */
export function framedRows(frames: FramesByKind, kinds: readonly SensorKind[], p: FramedPlan, cut: number): Map<string, [number, Record<string, number>][]>[] {
  return kinds.map((k) => bucketFrames(k, frames[k], p.window.stepS, cut));
}
