import type { AlertEvent } from '../src/lib/core/alert';

/**
 * People's actions (acknowledge, assign, comment, step, resolve) on alerts the ingest does not know yet, held while the
 * restore of open alerts is still to come (main.ts: past RESTORE_WAIT_MS it answers late): an acknowledgement from the
 * command center for a flood raised before the restart would otherwise be dropped, and the flood paged as unanswered.
 * Bounded: at most `maxEvents` (the oldest leave first) and none older than `maxAgeMs`; the restore's landing hands
 * them over and holding ends.
 */
export interface RestoreHold {
  /** True until the restore lands. */
  pending(): boolean;
  /** Keeps the event for after the restore; false when the restore has landed (nothing is held any more). */
  hold(event: AlertEvent, now: number): boolean;
  /** The restore landed: the events held, oldest first, still young enough; holding ends. */
  land(now: number): AlertEvent[];
  stats(): { held: number; dropped: number };
}

export const RESTORE_HOLD_DEFAULTS = {
  /** A command center's busiest minutes hold a few hundred actions. */
  maxEvents: 1_000,
  /** An action older than this is from before the restart, not the wait (InfluxDB that slow is a long outage). */
  maxAgeMs: 30 * 60_000
};

export function createRestoreHold(options: Partial<typeof RESTORE_HOLD_DEFAULTS> = {}): RestoreHold {
  const { maxEvents, maxAgeMs } = { ...RESTORE_HOLD_DEFAULTS, ...options };
  let held: { event: AlertEvent; at: number }[] | null = [];
  let dropped = 0;
  const young = (now: number) => (h: { at: number }) => now - h.at <= maxAgeMs;
  return {
    pending: () => held !== null,
    hold(event, now) {
      if (!held) return false;
      if (held.length >= maxEvents) {
        // the oldest first: aged ones, else the single oldest
        const kept = held.filter(young(now));
        dropped += held.length - kept.length;
        held = kept.length < maxEvents ? kept : (dropped++, kept.slice(1));
      }
      held.push({ event, at: now });
      return true;
    },
    land(now) {
      const all = held ?? [];
      held = null;
      const kept = all.filter(young(now));
      dropped += all.length - kept.length;
      return kept.map((h) => h.event);
    },
    stats: () => ({ held: held?.length ?? 0, dropped })
  };
}
