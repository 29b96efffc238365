import { describe, it, expect } from 'vitest';
import type { Alert } from '../core/alert';
import type { Catalog } from '../core/sensor';
import { getAlerts, getHealth, publicCatalog } from './api';
import type { RealtimeHub } from './realtime';

function fakeHub(alerts: Alert[]): RealtimeHub {
  return {
    status: () => ({ mqtt: true, influx: false, lastReadingAt: 5 }),
    pipeline: () => ({
      roles: [{ role: 'notify', state: 'down', expected: true, alarm: true, since: 1_000 }],
      processes: [{ role: 'notify', id: 'pantau-notify-main', state: 'offline', since: 1_000, ageMs: 5, intervalMs: 60_000 }]
    }),
    listAlerts: (state: 'open' | 'all') => alerts.filter((a) => state === 'all' || a.state !== 'resolved')
  } as unknown as RealtimeHub;
}

describe('api', () => {
  it('health is not ok when one dependency is down, and 503 without a hub', () => {
    const health = getHealth(fakeHub([]));
    expect(health).toMatchObject({ status: 200, body: { ok: false, mqtt: true, influx: false, lastReadingAt: 5 } });
    expect(health.status === 200 && health.body.pipeline).toMatchObject({ processes: [{ id: 'pantau-notify-main' }] });
    expect(getHealth(undefined).status).toBe(503);
  });

  it('health tells a caller who may not view the command center whether paging is down, not its client ids or times', () => {
    const health = getHealth(fakeHub([]), false);
    expect(health.status === 200 && health.body.pipeline).toEqual({ roles: [{ role: 'notify', state: 'down', alarm: true }] });
    expect(JSON.stringify(health.body)).not.toMatch(/pantau-notify-main|since/);
  });

  it('alerts: validates state and hours', () => {
    const hub = fakeHub([{ id: 'a', state: 'resolved' } as Alert, { id: 'b', state: 'raised' } as Alert]);
    expect(getAlerts(hub, null, null)).toEqual({ status: 200, body: { alerts: [{ id: 'b', state: 'raised' }] } });
    expect(getAlerts(hub, 'all', '24').status === 200 && getAlerts(hub, 'all', '24').body).toEqual({ alerts: [{ id: 'a', state: 'resolved' }, { id: 'b', state: 'raised' }] });
    expect(getAlerts(hub, 'closed', null).status).toBe(400);
    expect(getAlerts(hub, 'open', '1e3').status).toBe(400);
  });

  it('publicCatalog keeps only whitelisted fields', () => {
    const catalog = {
      city: 'S', districts: [{ code: '1', name: 'D', lat: 0, lon: 0, secret: 'x' }],
      sensors: [{ id: 's', kind: 'flood', name: 'n', district: 'D', lat: 0, lon: 0, intervalS: 60, flood: { siaga3: 1, siaga2: 2, siaga1: 3, note: 'x' }, apiKey: 'k' }]
    } as unknown as Catalog;
    const out = JSON.stringify(publicCatalog(catalog));
    expect(out).not.toContain('secret');
    expect(out).not.toContain('apiKey');
    expect(out).not.toContain('note');
    expect(publicCatalog(catalog).sensors[0].flood).toEqual({ siaga3: 1, siaga2: 2, siaga1: 3 });
  });
});
