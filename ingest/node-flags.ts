/**
 * Node flags the ingest runs with (npm start, `npm run ingest`, the systemd unit through it, and the
 * benchmarks). A 32 MB young generation instead of V8's default: the ingest allocates short-lived
 * objects for every reading (parsed JSON, readings, lines), and with the small default too many of
 * them survive into the old generation. Measured with bench:ingest --pack 10 at 40k readings/s:
 * 10.3–11.0 µs CPU per reading with the flag, 12.0–14.8 without (alternating runs, 2026-11-28).
 * package.json's "ingest" script repeats them; tests/unit/deploy-units.test.ts checks it does.
 */
export const INGEST_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
