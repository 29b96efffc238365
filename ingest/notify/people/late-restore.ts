import type { Alert, AlertEvent } from '../../../src/lib/core/alert';
import { compareAlertCopies, mergeAlertCopies, newerCopy } from '../../../src/lib/core/alert-lifecycle';
import { compareChainCopies, type OpenChain } from './restore';

/**
 * The chains read by the look-back after the start (restore-older.ts readOlderChains) arrive while the notifier already
 * takes alert events: one it took meanwhile for such an alert is newer news than the stored copy the chain was told
 * from. Noted here until the look-back is in, so that its restore neither starts an old round over a live one nor ends
 * it (the dispatcher merges a restore's done steps and earlier clock into a running chain: the worsening's new round,
 * its primary paged, would have been taken as the old round over, its backup and lead never paged).
 */

/** Events that open, stop or end an alert's chain in the dispatcher. */
const CHAIN_EVENTS: ReadonlySet<AlertEvent['type']> = new Set(['raised', 'escalated', 'acknowledged', 'resolved']);

interface Seen {
  /** The newest copy heard live. */
  newest: Alert;
  /** The newest copy of an event that opens, stops or ends its chain. */
  chain?: Alert;
}

export interface LiveCopies {
  /** An alert event the dispatcher takes (live or replayed from the journal). */
  note(event: AlertEvent): void;
  /**
   * Of the look-back's chains, those to restore: not one whose alert's chain the live path has taken (an event that
   * opens, stops or ends it, of a copy at least as new by version and state, compareChainCopies: it pages, or not, as
   * for a notifier that had not heard of the alert), each with the newer of its copy and the one heard live (a comment
   * since). Stops noting.
   */
  take(chains: readonly OpenChain[]): OpenChain[];
  /**
   * The 2-day window's chains read again after the start (service.ts restoreChains' retry, InfluxDB down at start), while
   * the live path already takes events and the look-back is still to come; noting goes on. Unlike take(), a chain is
   * left out only when the copy heard live is strictly newer for it: the journal replays the unfinished events of
   * the last run as taken live, and their chains need the stored steps and clock.
   */
  pick(chains: readonly OpenChain[]): OpenChain[];
  /** The newer of `alert` and its copy heard live, merged (mergeAlertCopies): a late restore's quiet holds go by it. */
  newest(alert: Alert): Alert;
  /** No look-back to come (it gave up, or the notifier stops): stops noting. */
  stop(): void;
}

/** `max`: alerts remembered (the oldest forgotten first); alerts are few (a sensor and rule pair's), the look-back short. */
export function createLiveCopies(max = 100_000): LiveCopies {
  let seen: Map<string, Seen> | null = new Map();
  function pick(chains: readonly OpenChain[], onlyNewer: boolean): OpenChain[] {
    const live = seen ?? new Map<string, Seen>();
    const out: OpenChain[] = [];
    for (const c of chains) {
      const s = live.get(c.alert.id);
      // The retry's read (onlyNewer): a chain taken live only from the journal's replay of an unfinished event (as new
      // as the stored copy) has lost its stored steps and clock (a reboot: the backup and lead paged again, or late);
      // only a live copy newer for its chain (a worsening whose write has not landed) is left to the live path.
      if (onlyNewer) {
        if (s?.chain && compareChainCopies(s.chain, c.alert) > 0) continue;
        out.push(s ? { ...c, alert: mergeAlertCopies(s.newest, c.alert) } : c);
        continue;
      }
      // As new for its chain (compareChainCopies: version and state, not `updatedAt`), the stored copy heard live too:
      // a comment after the event the live path took makes the look-back's copy no newer (restored, the old round's
      // steps were paged again under a made-up event, or ended the live round). A replay of an older copy of the same
      // version (the stored one not heard live) still leaves the stored chain to restore.
      if (s?.chain && compareChainCopies(c.alert, s.chain) <= 0 && compareAlertCopies(c.alert, s.newest) <= 0) continue;
      out.push(s ? { ...c, alert: mergeAlertCopies(s.newest, c.alert) } : c);
    }
    return out;
  }
  return {
    note(event) {
      if (!seen) return;
      const id = event.alert.id;
      const held = seen.get(id) ?? { newest: event.alert };
      seen.delete(id);
      seen.set(id, {
        newest: newerCopy(event.alert, held.newest) ? event.alert : held.newest,
        chain: CHAIN_EVENTS.has(event.type) && newerCopy(event.alert, held.chain) ? event.alert : held.chain
      });
      if (seen.size > max) seen.delete(seen.keys().next().value as string);
    },
    take(chains) {
      const out = pick(chains, false);
      seen = null;
      return out;
    },
    pick: (chains) => pick(chains, true),
    newest(alert) {
      const s = seen?.get(alert.id);
      return s ? mergeAlertCopies(s.newest, alert) : alert;
    },
    stop() {
      seen = null;
    }
  };
}
