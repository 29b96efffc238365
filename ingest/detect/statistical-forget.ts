/**
 * A statistical scorer forgets its last reading once a fault rule rejects it (sensor_spike: a lone glitch, known at the
 * reading after it, when it came back). Until then the scorer has learnt it like any other, and two of its memories kept
 * it for weeks: the raw-score ring, which averaged the glitch into the raw scores of the two readings after it too, and
 * so into the rarity opinion's tail (rate 2e-4: about 5,000 readings, 5 weeks at 10 min) and its peak; and the short
 * mean, moved a tenth of the glitch's way, whose shift the next few dozen readings showed to the shift channel's own
 * past (rate 1e-4, a maximum with a half-life of 7,000 readings). At a 10-min gauge reading 12 ± 0.3 cm, a rise to 16
 * cm scored 0.656 a week after one reading of −262 cm without it and 0.631 with it, under the reporting threshold
 * (0.639), and still under it 4 weeks on (statistical-forget.test.ts). Those two are taken back exactly, and the hour's
 * seasonal mean the glitch moved a tenth of its way (its slot's next readings otherwise judged against it for days).
 *
 * What stays, on a stated time scale: the value histogram's one sample (rate 0.002: about 500 readings, 3½ days at 10
 * min), the robust level and step (each moves at most 3 spreads × its rate), the one sample each z channel and the
 * change-point opinion learnt (a share of about 1e-4 of their pasts: with those two gone the rise above scores as
 * without the glitch), and the pattern channel's blocks (art-channel.ts: a block holds the glitch as its extreme). Nor
 * is the value before the glitch kept: the next reading's step is taken from the glitch, and its own raw score is high.
 * The rule knows only that the sensor had a reading rejected: each of its fields in the reading forgets its last.
 */
import { LAST_TS, LAST_VALUE, N, RING, RING_AT, RING_OFF, SEASON, SHORT } from './statistical-layout';
import type { AnomalyScorerOptions } from './statistical-options';
import { seasonSlot } from './statistical-stats';

/**
 * Takes back what the scorer's last reading did to its ring, short mean and seasonal slot (its block: s, sb Float64; f,
 * fb Float32; count, cb the slots' counts). Call before the next reading is scored. Once only: a second call before a
 * reading is scored does nothing. It comes when the reading that brought the rejection was older than the glitch (the
 * scorer does not score it) and another reading at its time follows (a QoS 1 redelivery): taken back twice, the glitch
 * pushed the short mean and the hour's mean a ninth of its size the other way, and a slot's count of 0 wrapped to 255.
 */
export function forgetLast(s: Float64Array, sb: number, f: Float32Array, fb: number, count: Uint8Array, cb: number, o: Readonly<AnomalyScorerOptions>): void {
  if (!(s[sb + N] > 1)) return; // nothing learnt before it to go back to
  const at = fb + RING_OFF + ((s[sb + RING_AT] | 0) % RING);
  if (Number.isNaN(f[at])) return; // taken back already: the slot the next reading fills is marked (no state added)
  const x = s[sb + LAST_VALUE];
  // the next reading takes the glitch's place in the ring: the average over 3 reads the readings before it
  s[sb + RING_AT] = ((s[sb + RING_AT] | 0) + RING * 1024 - 1) % (RING * 1024);
  // the glitch's raw score, which the next reading overwrites before any average reads it: NaN marks it taken back
  f[fb + RING_OFF + ((s[sb + RING_AT] | 0) % RING)] = NaN;
  // SHORT became SHORT + r (x − SHORT)
  s[sb + SHORT] = (s[sb + SHORT] - o.shiftRate * x) / (1 - o.shiftRate);
  const slot = seasonSlot(s[sb + LAST_TS] + o.utcOffsetMs);
  const c = count[cb + slot];
  // a full count (255) stays full; one that went 0 → 1 had no mean before, and the next reading's rate 1 sets it
  const before = c < 255 ? c - 1 : c;
  const rate = Math.max(o.seasonRate, 1 / (before + 1));
  if (rate < 1) f[fb + SEASON + slot] = (f[fb + SEASON + slot] - rate * x) / (1 - rate);
  count[cb + slot] = before;
}
