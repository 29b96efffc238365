/**
 * People's actions on alerts the ingest does not know yet, while a late restore is still to come: held (bounded by count
 * and age) and applied once the restore adopted their alerts; before, an acknowledgement sent meanwhile was dropped and
 * the acknowledged flood stayed unanswered for the ingest (and paged again when it got worse).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../src/lib/core/alert';
import { DEFAULT_DECODE_LIMITS } from '../src/lib/core/decode';
import { TOPICS } from '../src/lib/core/topic';
import { testAlert } from '../src/lib/server/alert-fixtures';
import { createIngest } from './app';
import { createDetectionEngine } from './detect/engine';
import { BENANGA, CATALOG, MIN } from './detect/test-support';
import { loopbackDurableLog } from './durable/test-support';
import { createRestoreHold } from './restore-hold';

const T = Date.UTC(2026, 11, 7, 9, 0, 0);
const ack = (id: string, at = T): AlertEvent => {
  const alert: Alert = { ...testAlert(id, T - 30 * MIN), sensorId: BENANGA.id, rule: 'flood_level', state: 'acknowledged', acknowledgedAt: at, acknowledgedBy: 'ani', updatedAt: at };
  return { type: 'acknowledged', at, by: 'ani', alert };
};

describe('createRestoreHold', () => {
  it('holds until the restore lands, then hands the events over once, oldest first, and holds no more', () => {
    const hold = createRestoreHold();
    expect(hold.pending()).toBe(true);
    expect(hold.hold(ack('a'), T)).toBe(true);
    expect(hold.hold(ack('b'), T + 1)).toBe(true);
    expect(hold.land(T + 2).map((e) => e.alert.id)).toEqual(['a', 'b']);
    expect(hold.pending()).toBe(false);
    expect(hold.hold(ack('c'), T + 3)).toBe(false);
    expect(hold.land(T + 4)).toEqual([]);
  });

  it('is bounded by count: past maxEvents the oldest leave first, counted', () => {
    const hold = createRestoreHold({ maxEvents: 3 });
    for (let i = 0; i < 5; i++) hold.hold(ack(`a${i}`), T + i);
    expect(hold.stats()).toEqual({ held: 3, dropped: 2 });
    expect(hold.land(T + 10).map((e) => e.alert.id)).toEqual(['a2', 'a3', 'a4']);
  });

  it('is bounded by age: events older than maxAgeMs are dropped, on a full hold and at landing', () => {
    const hold = createRestoreHold({ maxEvents: 2, maxAgeMs: 10 * MIN });
    hold.hold(ack('old'), T);
    hold.hold(ack('mid'), T + 5 * MIN);
    // full: the aged one goes, the young one stays
    hold.hold(ack('new'), T + 12 * MIN);
    expect(hold.stats()).toEqual({ held: 2, dropped: 1 });
    expect(hold.land(T + 16 * MIN).map((e) => e.alert.id)).toEqual(['new']);
    expect(hold.stats().dropped).toBe(2);
  });
});

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function ingestWithHold() {
  const { sink } = await loopbackDurableLog(cleanups);
  const engine = createDetectionEngine({ catalog: CATALOG });
  const published: AlertEvent[] = [];
  const ingest = createIngest({
    catalog: CATALOG, limits: DEFAULT_DECODE_LIMITS, maxSensorRatePerS: 20, sink, engine,
    restoreHold: createRestoreHold(),
    publish: (topic, payload) => void (topic === TOPICS.alertEvents && published.push(JSON.parse(payload) as AlertEvent)),
    now: () => T,
    log: () => undefined
  });
  return { ingest, engine, published };
}

describe('ingest: an action on an alert the late restore has not brought yet', () => {
  it('is applied once the restore adopts its alert (it was dropped)', async () => {
    const { ingest, engine } = await ingestWithHold();
    const event = ack(`${BENANGA.id}:flood_level:${T - 30 * MIN}`, T - MIN);
    const restored: Alert = { ...event.alert, state: 'raised', updatedAt: T - 30 * MIN };
    delete restored.acknowledgedAt;
    delete restored.acknowledgedBy;
    ingest.onAlertEvent(new TextEncoder().encode(JSON.stringify(event)));
    expect(engine.openAlerts()).toEqual([]);
    expect(ingest.adoptRestored([restored])).toEqual([]);
    expect(engine.openAlerts()).toMatchObject([{ id: restored.id, state: 'acknowledged', acknowledgedBy: 'ani' }]);
  });

  it('a held acknowledgement is in the fold the late restore publishes: the kept alert goes out acknowledged', async () => {
    const { ingest, published } = await ingestWithHold();
    ingest.onMessage(`pantau/v1/sensors/flood/${BENANGA.id}`, new TextEncoder().encode(JSON.stringify({ ts: T, values: { water_level: 230 } })));
    const B = published.find((e) => e.type === 'raised')!.alert;
    const event = ack(`${BENANGA.id}:flood_level:${T - 30 * MIN}`, T - MIN);
    const { acknowledgedAt: _a, acknowledgedBy: _b, ...unacked } = event.alert;
    const A: Alert = { ...unacked, state: 'raised', level: B.level, severity: B.severity, updatedAt: T - 30 * MIN };
    ingest.onAlertEvent(new TextEncoder().encode(JSON.stringify(event)));
    const folded = ingest.adoptRestored([A]);
    expect(folded.map((e) => [e.type, e.alert.id, e.alert.state, e.alert.acknowledgedBy])).toEqual([
      ['updated', A.id, 'acknowledged', 'ani'],
      ['resolved', B.id, 'resolved', undefined]
    ]);
    expect(published.slice(-2)).toEqual(folded);
  });

  it('a held resolution of the older alert: it is not adopted, the one raised meanwhile stays open (no merge leaving the flood with none)', async () => {
    const { ingest, engine, published } = await ingestWithHold();
    const read = (ts: number) => ingest.onMessage(`pantau/v1/sensors/flood/${BENANGA.id}`, new TextEncoder().encode(JSON.stringify({ ts, values: { water_level: 230 } })));
    read(T - 2 * MIN);
    const B = published.find((e) => e.type === 'raised')!.alert;
    // the console shows both; an operator closes the older (A) as the duplicate while the restore waits
    const A: Alert = { ...testAlert(`${BENANGA.id}:flood_level:${T - 30 * MIN}`, T - 30 * MIN), sensorId: BENANGA.id, rule: 'flood_level', level: B.level, severity: B.severity, state: 'raised', updatedAt: T - 30 * MIN };
    const closedA: Alert = { ...A, state: 'resolved', resolvedAt: T - MIN, resolvedBy: 'ani', updatedAt: T - MIN };
    ingest.onAlertEvent(new TextEncoder().encode(JSON.stringify({ type: 'resolved', at: T - MIN, by: 'ani', alert: closedA })));
    expect(ingest.adoptRestored([A])).toEqual([]);
    expect(engine.openAlerts().filter((a) => a.rule === 'flood_level').map((a) => [a.id, a.state])).toEqual([[B.id, 'raised']]);
    // the flood goes on as B: nothing raised or closed
    read(T);
    expect(published.filter((e) => e.alert.rule === 'flood_level').map((e) => [e.type, e.alert.id])).toEqual([['raised', B.id]]);
  });

  it('of a sensor not in the catalog, or once the restore has landed, is not held', async () => {
    const { ingest, engine } = await ingestWithHold();
    const foreign = ack('elsewhere:flood_level:1');
    foreign.alert.sensorId = 'elsewhere';
    ingest.onAlertEvent(new TextEncoder().encode(JSON.stringify(foreign)));
    ingest.adoptRestored([]);
    const late = ack(`${BENANGA.id}:flood_level:${T - 30 * MIN}`);
    ingest.onAlertEvent(new TextEncoder().encode(JSON.stringify(late)));
    ingest.adoptRestored([{ ...late.alert, state: 'raised' }]);
    expect(engine.openAlerts()).toMatchObject([{ state: 'raised' }]);
  });
});
