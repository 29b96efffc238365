/**
 * Server clock minus browser clock (ms), estimated from the server times the browser hears.
 *
 * Each status (every 5 s) and snapshot carries the server's time when it was sent; `serverTime - Date.now()` on
 * arrival is the true offset minus how late the message was handled (network, and a busy page: a CPU-bound wall
 * re-sending its map source handled statuses up to 1.5 s late, every other one). Lateness only ever makes the
 * measured offset smaller, so the largest of the last few is the best estimate; taking each one as it came made the
 * WITA clock and every age jump back and forth by the lateness.
 *
 * A real step of the browser clock still gets through: stepped back (NTP, a wake from sleep) every measurement rises
 * and the largest follows at once; stepped forward every measurement drops and the largest follows once the window
 * has passed (CLOCK_WINDOW statuses, about 30 s).
 */

/** Measurements kept: 6 statuses of 5 s, so a forward step of the browser clock is followed within ~30 s. */
export const CLOCK_WINDOW = 6;
/** An estimate within this of the offset in use leaves it alone (jitter of the best measurement, not a clock step). */
export const CLOCK_RESYNC_MS = 1_000;

export interface ClockOffsetWindow {
  /** The last measurements, oldest first, at most CLOCK_WINDOW. */
  readonly measured: readonly number[];
  /** The offset in use. */
  readonly offsetMs: number;
}

export const NO_CLOCK_OFFSET: ClockOffsetWindow = { measured: [], offsetMs: 0 };

/** Adds one measurement (`serverTime - Date.now()` on arrival); the first one is taken as it is. */
export function measureClockOffset(prev: ClockOffsetWindow, measuredMs: number): ClockOffsetWindow {
  const measured = [...prev.measured.slice(-(CLOCK_WINDOW - 1)), measuredMs];
  const best = Math.max(...measured);
  const first = prev.measured.length === 0;
  const offsetMs = first || Math.abs(best - prev.offsetMs) >= CLOCK_RESYNC_MS ? best : prev.offsetMs;
  return { measured, offsetMs };
}
