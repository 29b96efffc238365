/**
 * What `alerts:since` answers: the newest events, oldest first, at most `maxEvents` and about `maxBytes` of JSON.
 * Each event carries its whole alert: 200 of an incident's long comment thread (before comments were bounded in
 * bytes, core/alert-comments.ts, ≈ 100–600 kB an event; stored ones may still be) made one ask, which any anonymous screen may send, cost the server 20–120 MB of
 * encoding, a hundred asks at once (the global budget) gigabytes. A client whose answer does not reach back to
 * its last seq takes the snapshot every connect brings instead (src/lib/server/README.md).
 */
export const MAX_SINCE_BYTES = 1024 * 1024;

/** The newest always, whatever its size; then older ones while they fit. */
export function newestWithin<T>(events: readonly T[], maxEvents: number, maxBytes: number = MAX_SINCE_BYTES): T[] {
  const page: T[] = [];
  let bytes = 0;
  for (let i = events.length - 1; i >= 0 && page.length < maxEvents; i--) {
    const size = JSON.stringify(events[i]).length;
    if (page.length > 0 && bytes + size > maxBytes) break;
    bytes += size;
    page.push(events[i]);
  }
  return page.reverse();
}
