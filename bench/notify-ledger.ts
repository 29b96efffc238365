/**
 * The send ledger's cost (ingest/notify/people/send-ledger.ts): the people dispatcher routing an alert
 * storm to subscribers through an in-memory channel that answers at once, so the dispatcher and the
 * ledger are all that is measured. Two variants in the same run, interleaved, each several times:
 * no ledger (the baseline) and the ledger on a file, as the notifier keeps it. Reported: messages
 * per second (median of the rounds) and the ratio to the baseline. (An fsync per line, tried while
 * writing the ledger, ran at ~0.01 of the baseline; the ledger does not fsync, see send-ledger.ts.)
 *
 *   node --import tsx bench/notify-ledger.ts [--people 1000] [--events 30] [--rounds 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Channel } from '../ingest/notify/channels/types';
import { createDispatcher } from '../ingest/notify/people/dispatcher';
import { createSendLedger, type SendLedger } from '../ingest/notify/people/send-ledger';
import { alert, channel, directory, event, person } from '../ingest/notify/people/test-fixtures';

const { values: args } = parseArgs({
  options: { people: { type: 'string', default: '1000' }, events: { type: 'string', default: '30' }, rounds: { type: 'string', default: '5' } }
});
const PEOPLE = Number(args.people);
const EVENTS = Number(args.events);
const ROUNDS = Number(args.rounds);

const sub = { id: 1, districts: [], kinds: [], categories: ['emergency' as const], minSeverity: 'info' as const };
const dir = directory(Array.from({ length: PEOPLE }, (_, i) => person(`p${i}`, { channels: [channel(i, 'email', 0)], subscriptions: [sub] })));
const instant: Channel = { kind: 'email', checkAddress: () => null, send: async () => ({ ok: true }) };

/** Messages per second for `events` critical events (critical: never held for a digest, so every one is sent). */
async function run(ledger: SendLedger | undefined, events: number): Promise<number> {
  let sent = 0;
  const d = createDispatcher({
    directory: () => dir,
    channels: new Map([['email', instant]]),
    message: (p) => ({ personId: p.id, language: 'id', severity: 'critical', alertIds: [], title: '', body: '', url: '', tag: '' }),
    record: (r) => void (r.status === 'sent' && sent++),
    disable: () => undefined,
    log: () => undefined,
    sends: ledger,
    concurrency: 64
  });
  const t0 = performance.now();
  for (let i = 0; i < events; i++) d.handle(event('raised', alert({ id: `a${Date.now()}-${i}`, updatedAt: i })));
  await d.idle();
  const s = (performance.now() - t0) / 1000;
  await d.close();
  if (sent !== events * PEOPLE) throw new Error(`sent ${sent}, expected ${events * PEOPLE}`);
  return sent / s;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'pantau-bench-ledger-'));
  const rates: Record<'none' | 'file', number[]> = { none: [], file: [] };
  try {
    await run(undefined, 2); // warm-up (JIT)
    for (let r = 0; r < ROUNDS; r++) {
      rates.none.push(await run(undefined, EVENTS));
      const file = createSendLedger({ file: path.join(tmp, `r${r}.sends`), maxKeys: 1_000_000 });
      rates.file.push(await run(file, EVENTS));
      file.close();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const none = median(rates.none);
  const file = median(rates.file);
  const f = (x: number) => Math.round(x).toLocaleString('en');
  console.log(`| variant | messages | messages/s (median of ${ROUNDS}) | vs no ledger |`);
  console.log('|---|---|---|---|');
  console.log(`| no ledger | ${EVENTS * PEOPLE} | ${f(none)} | 1.00 |`);
  console.log(`| ledger on a file | ${EVENTS * PEOPLE} | ${f(file)} | ${(file / none).toFixed(2)} |`);
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
