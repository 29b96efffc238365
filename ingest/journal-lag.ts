/**
 * Journal lag in time: how long ago the oldest line still waiting for InfluxDB was appended. The
 * journal keeps no timestamps, so this samples the running count of appended lines once a second;
 * the newest sample that InfluxDB's confirmations have caught up with bounds the oldest waiting line
 * from above (to the sampling interval). Read at scrape time; nothing on the per-message path.
 */

export interface JournalLagOptions {
  /** Lines this process appended to the journal so far (monotone). */
  appended(): number;
  /** Of those, lines not yet confirmed by InfluxDB. */
  pending(): number;
  now?: () => number;
  /** Samples kept (one per `sample()`): the lag reads at most this many intervals. */
  maxSamples?: number;
}

export interface JournalLag {
  /** Records the current count; main.ts calls it once a second. */
  sample(): void;
  /** 0 when everything is confirmed; else seconds since the last sample InfluxDB has caught up with. */
  seconds(): number;
}

export function createJournalLag(opts: JournalLagOptions): JournalLag {
  const now = opts.now ?? Date.now;
  const max = opts.maxSamples ?? 3600;
  const times: number[] = [];
  const counts: number[] = [];
  return {
    sample() {
      times.push(now());
      counts.push(opts.appended());
      // At 1/s a shift of 3600 numbers is nothing; a ring buffer would only add code.
      if (times.length > max) {
        times.shift();
        counts.shift();
      }
    },
    seconds() {
      const appended = opts.appended();
      const confirmed = appended - opts.pending();
      if (confirmed >= appended || times.length === 0) return 0;
      // Counts only grow: find the newest sample at or below what is confirmed. None: older than the window.
      let lo = 0;
      let hi = counts.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (counts[mid] <= confirmed) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return Math.max(0, (now() - times[found < 0 ? 0 : found]) / 1000);
    }
  };
}
