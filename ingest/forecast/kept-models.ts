import { EXCURSION_MS } from './glitch';
import type { HorizonModel } from './horizon';
import { TrackRecord, type HorizonTrackState } from './track-record';

/**
 * What a gauge's models had learned before a jump (here or upstream) that is still open to doubt
 * (glitch.ts Excursion): a copy of each model (HorizonModel save: regressions, band, experts'
 * errors, typical move, track record, issued forecasts) and the bucket from which they learned
 * since. When the jump proves a fault, the gauge goes back to it and learns the buckets since again
 * from the repaired history. Its own file: the gauge forecasts, this only keeps and takes back.
 */
export class KeptModels {
  #kept: { from: number; at: number; repairs: number; states: Float64Array[] } | null = null;

  /** New models (new upstream links): a copy of the old ones is no use. */
  clear(): void {
    this.#kept = null;
  }

  /**
   * At each accepted reading: `open` whether a jump here or upstream is open to doubt, `repairs` how
   * many were repaired so far. On a new repair, loads the copy into `models` and calls `relearn(from)`
   * to learn the buckets since; keeps a copy while a jump is open.
   */
  guard(ts: number, open: boolean, repairs: number, models: readonly HorizonModel[], nextTrain: number, relearn: (from: number) => void): void {
    const kept = this.#kept;
    const repaired = kept !== null && repairs !== kept.repairs;
    if (repaired) {
      models.forEach((hm, k) => hm.load(kept.states[k]));
      relearn(kept.from);
    }
    if (repaired && open) {
      // another jump, begun since the copy, is still open: its repair must go back to this copy too (a
      // new one now would hold what that jump taught, replayed above); it may stay open an hour from now
      [kept.repairs, kept.at] = [repairs, ts];
    } else if (kept && (repaired || !open || ts - kept.at > EXCURSION_MS)) this.#kept = null;
    if (!this.#kept && open) this.#kept = { from: nextTrain, at: ts, repairs, states: models.map((hm) => hm.save()) };
  }

  /**
   * A stored record restored into model `k` goes into its copy too: a repair going back to the copy
   * must not lose it (the ingest's hourly keeper restores into a running gauge when the start could not read it).
   */
  restoreTrack(k: number, hm: HorizonModel, s: HorizonTrackState, nowMs: number): void {
    const copy = this.#kept?.states[k];
    if (copy) hm.track.restoreSaved(copy, copy.length - TrackRecord.savedFloats, s, nowMs);
  }

  get bytes(): number {
    let b = 0;
    for (const st of this.#kept?.states ?? []) b += st.byteLength;
    return b;
  }
}
