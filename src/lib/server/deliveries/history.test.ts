import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../core/people';
import { buildDeliveriesQuery, mergeDeliveries, raisedAtOf } from './history';

const rec = (at: number, status: DeliveryRecord['status'] = 'sent'): DeliveryRecord => ({
  at, alertIds: ['a1'], personId: 'sari', personName: 'Sari', reason: 'oncall', channel: 'email', status, attempt: 1
});

describe('deliveries history', () => {
  it('reads the events policy and quotes the alert id from the URL', () => {
    const q = buildDeliveriesQuery({ database: 'pantau', retention: { eventsPolicy: 'events' } as never }, "x' OR 1=1 --\\");
    expect(q).toBe(`SELECT "doc" FROM "pantau"."events"."deliveries" WHERE time >= now() - 30d AND "alert_id" = 'x\\' OR 1=1 --\\\\' ORDER BY time DESC LIMIT 200`);
  });

  it('reads from a little before the alert was raised, by the raise time in its id', () => {
    const q = buildDeliveriesQuery({ database: 'pantau', retention: { eventsPolicy: 'events' } as never }, 'flood-a:flood_level:1764000000000');
    expect(q).toContain(`WHERE time >= ${(1_764_000_000_000 - 300_000) * 1_000_000} AND "alert_id" = 'flood-a:flood_level:1764000000000'`);
    expect(raisedAtOf('flood-a:flood_level:1764000000000')).toBe(1_764_000_000_000);
    expect(raisedAtOf('no-time')).toBeNull();
    expect(raisedAtOf('a:b:12x')).toBeNull();
  });

  it('does not read every delivery ever stored for an id naming a time before any alert (it comes from the URL)', () => {
    expect(raisedAtOf('a:b:1')).toBeNull();
    expect(buildDeliveriesQuery({ database: 'pantau', retention: { eventsPolicy: 'events' } as never }, 'a:b:1')).toContain('WHERE time >= now() - 30d AND');
  });

  it('merges stored and live records, each once, oldest first', () => {
    const merged = mergeDeliveries([rec(1), rec(3)], [rec(3), rec(2, 'failed')]);
    expect(merged.map((r) => [r.at, r.status])).toEqual([[1, 'sent'], [2, 'failed'], [3, 'sent']]);
  });
});
