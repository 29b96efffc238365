/**
 * The sensors outside the catalog whose readings the live state holds (the ingest's catalog ahead of this
 * server's, or a publisher inventing ids): at most `max`, and each only while it keeps reporting. A full
 * count that never went down refused every new id for good after one burst of bogus ids.
 */

/** A sensor outside the catalog heard nothing for this long is forgotten: its slot goes to the next (sensors report every minute). */
export const UNKNOWN_QUIET_MS = 15 * 60_000;

export interface UnknownSensorsOptions {
  /** How many sensors outside the catalog are held at once. */
  max: number;
  /** Whether the id is in the catalog now (the registry's edits move it in or out while running). */
  isKnown: (id: string) => boolean;
  quietMs?: number;
}

export interface UnknownSensors {
  /**
   * Whether a reading of `id` heard at `at` may be held: a catalog sensor's always (one that joined the
   * catalog leaves the count here), one outside it while it is held already or there is room. Counts it as heard.
   */
  admit(id: string, at: number): boolean;
  /**
   * Forgets those quiet since `at - quietMs`; returns the ids whose readings go too (those outside the
   * catalog still: one that joined it keeps its last reading, as every catalog sensor does).
   */
  expire(at: number): string[];
  /** Whether `id` is counted here: heard outside the catalog, not yet quiet. */
  has(id: string): boolean;
  size(): number;
}

export function createUnknownSensors(options: UnknownSensorsOptions): UnknownSensors {
  const quietMs = options.quietMs ?? UNKNOWN_QUIET_MS;
  // Last heard per id, in the order heard (moved to the end on each reading): the quiet ones are at the front,
  // so expiring costs what it removes, not a scan per batch.
  const heard = new Map<string, number>();

  return {
    admit(id, at) {
      if (options.isKnown(id)) {
        heard.delete(id);
        return true;
      }
      if (!heard.has(id) && heard.size >= options.max) return false;
      heard.delete(id);
      heard.set(id, at);
      return true;
    },
    expire(at) {
      const gone: string[] = [];
      for (const [id, t] of heard) {
        if (at - t < quietMs) break;
        heard.delete(id);
        if (!options.isKnown(id)) gone.push(id);
      }
      return gone;
    },
    has: (id) => heard.has(id),
    size: () => heard.size
  };
}
