/**
 * ARTime's starting vigilance, found once at the end of probation: the probation's complete
 * windows, least typical first (smallest sum of similarities to the others), train a fresh DVFA
 * at vigilance 0.8; the mean best match over the second half of the probation is the answer.
 * Transient memory only (the DVFA and the sums are dropped when it returns).
 */
import { Dvfa } from './art-dvfa';
import { ART_DIM, ART_WINDOW, rowSimilarity } from './art-features';

const INITIAL_RHO = 0.8;

/** `rows`: n feature rows of ART_DIM bytes, one per probation block (the first 7 incomplete). */
export function initialVigilance(rows: Uint8Array, n: number): number {
  const first = ART_WINDOW - 1;
  const count = n - first;
  const sums = new Float64Array(count).fill(1);
  for (let a = 0; a < count; a++) {
    for (let b = 0; b < a; b++) {
      const s = rowSimilarity(rows, first + a, first + b, ART_DIM);
      sums[a] += s;
      sums[b] += s;
    }
  }
  const order = Array.from({ length: count }, (_, k) => k).sort((a, b) => sums[a] - sums[b]);
  const art = new Dvfa(ART_DIM, count + 1);
  art.lower = art.upper = INITIAL_RHO;
  const x = new Uint8Array(ART_DIM);
  let total = 0;
  let counted = 0;
  for (let k = 0; k < count; k++) {
    x.set(rows.subarray((first + order[k]) * ART_DIM, (first + order[k] + 1) * ART_DIM));
    const r = art.train(x);
    if (k + 1 >= n >> 1) (total += r.match), counted++;
  }
  return counted > 0 ? total / counted : INITIAL_RHO;
}

