import type { AlertEvent } from '../../../src/lib/core/alert';
import type { DeliveryRecord, Directory, Person } from '../../../src/lib/core/people';
import type { Channel, OutgoingMessage } from '../channels/types';
import { createDispatcher, type MessageSubject } from './dispatcher';
import { answeredAlerts } from './paging';
import { openChains } from './restore';
import type { SendLedger } from './send-ledger';

/**
 * One notifier process for the dispatcher's restart tests, on a test clock: `mail` and `records` outlive it (the
 * inbox, InfluxDB), `sends` too when given (the ledger file). Every message is an email whose letter is `letter`
 * of its title (by default `person:reason`) and the clock.
 */
export interface TestNotifierOptions {
  dir: Directory;
  mail: string[];
  records: DeliveryRecord[];
  start: number;
  sends?: SendLedger;
  /** The length of the teams' minute (1 s by default, so steps come in seconds). */
  minuteMs?: number;
  title?: (p: Person, s: Extract<MessageSubject, { type: 'alert' }>) => string;
  letter?: (title: string, clock: number) => string;
}

export function testNotifier(o: TestNotifierOptions) {
  const minuteMs = o.minuteMs ?? 1_000;
  const title = o.title ?? ((p, s) => `${p.id}:${s.reason}`);
  const letter = o.letter ?? ((t) => t);
  let clock = o.start;
  const email: Channel = { kind: 'email', checkAddress: () => null, send: async (_a, m: OutgoingMessage) => (o.mail.push(letter(m.title, clock)), { ok: true }) };
  const d = createDispatcher({
    directory: () => o.dir,
    channels: new Map([['email', email]]),
    message: (p, s: MessageSubject, c) => ({ personId: p.id, language: p.language, severity: 'critical', alertIds: [], title: s.type === 'alert' ? title(p, s) : 'digest', body: '', url: '', tag: c.kind }),
    record: (r) => o.records.push(r),
    disable: () => undefined,
    log: () => undefined,
    now: () => clock,
    sleep: async () => undefined,
    minuteMs,
    sends: o.sends
  });
  /** Ticks each test minute up to `until`, each send finished before the next tick. */
  const runTo = async (until: number) => {
    for (; clock <= until; clock += minuteMs) {
      d.tick(clock);
      await d.idle();
    }
    clock = until;
  };
  /** As service.ts does at start: the chains InfluxDB shows (the events stored so far, the records written). */
  const restoreFrom = (events: readonly AlertEvent[]) => {
    for (const a of answeredAlerts(events)) d.answered(a);
    for (const c of openChains(events, o.records, o.dir, { minuteMs })) d.restore(c.alert, c.teamId, c.openedAt, c.done, c.stale, c.unpaged, c.round, c.worsenings);
  };
  return { d, runTo, restoreFrom };
}
