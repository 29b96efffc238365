import { describe, it, expect } from 'vitest';
import type { Alert } from '../core/alert';
import type { Catalog } from '../core/sensor';
import { advanceRotation, buildKioskViews, focusAlert, parseRotateSeconds, sensorsForView, startRotation } from './kiosk-views';

const catalog: Catalog = {
  city: 'Samarinda',
  districts: [
    { code: '1', name: 'Sungai Pinang', lat: -0.47, lon: 117.18 },
    { code: '2', name: 'Palaran', lat: -0.56, lon: 117.17 }
  ],
  sensors: [
    { id: 'f1', kind: 'flood', name: 'F1', district: 'Sungai Pinang', lat: -0.46, lon: 117.15, intervalS: 60 },
    { id: 'a1', kind: 'air', name: 'A1', district: 'Palaran', lat: -0.57, lon: 117.17, intervalS: 60 },
    { id: 't1', kind: 'traffic', name: 'T1', district: 'Sungai Pinang', lat: -0.48, lon: 117.16, intervalS: 60 }
  ]
};

function alert(district: string, severity: Alert['severity'], state: Alert['state'] = 'raised'): Alert {
  return { id: `x:${district}`, sensorId: 'f1', sensorName: 'F1', kind: 'flood', district, rule: 'flood_level', category: 'emergency', severity, level: 1, title: { id: '', en: '' }, explanation: { id: '', en: '' }, action: { id: '', en: '' }, value: 1, state, raisedAt: 1, updatedAt: 1, comments: [] };
}

describe('kiosk views', () => {
  it('rotates city, flood, air, traffic, then districts with open alerts, worst first', () => {
    const views = buildKioskViews(catalog, [alert('Palaran', 'warning'), alert('Sungai Pinang', 'critical'), alert('Nowhere', 'info', 'resolved')]);
    expect(views.map((v) => v.id)).toEqual(['city', 'flood', 'air', 'traffic', 'district:Sungai Pinang', 'district:Palaran']);
    const flood = views[1];
    expect(flood.bounds[0][0]).toBeLessThan(117.15);
    expect(flood.bounds[1][0]).toBeGreaterThan(117.15);
    expect(sensorsForView(catalog.sensors, flood).map((s) => s.id)).toEqual(['f1']);
  });

  it('moves on after the interval, wraps, and holds on a focused alert before resuming', () => {
    const views = buildKioskViews(catalog, []);
    let s = startRotation(0);
    s = advanceRotation(s, views, 999, 1000);
    expect(s.viewId).toBe('city');
    s = advanceRotation(s, views, 1000, 1000);
    expect(s.viewId).toBe('flood');
    s = focusAlert(s, 'a', 1500, 5000);
    expect(advanceRotation(s, views, 6000, 1000)).toBe(s);
    s = advanceRotation(s, views, 6500, 1000);
    expect(s.focus).toBeNull();
    expect(s.viewId).toBe('flood');
    for (const t of [7500, 8500, 9500]) s = advanceRotation(s, views, t, 1000);
    expect(s.viewId).toBe('city');
  });

  it('goes on rotating after the clock steps back, and holds a focused alert no longer than its hold', () => {
    const views = buildKioskViews(catalog, []);
    let s = advanceRotation(startRotation(3_600_000), views, 3_621_000, 20_000);
    expect(s.viewId).toBe('flood');
    // stepped back 1 h, then 21 s on: the next view, not one hour of the same
    s = advanceRotation(s, views, 21_500, 20_000);
    s = advanceRotation(s, views, 42_000, 20_000);
    expect(s.viewId).toBe('air');
    let f = focusAlert(startRotation(3_600_000), 'a', 3_600_000, 30_000);
    f = advanceRotation(f, views, 60_000, 20_000);
    expect(f.focus).not.toBeNull();
    f = advanceRotation(f, views, 90_000, 20_000);
    expect(f.focus).toBeNull();
  });

  it('gives a view the same sensor array while the sensors and its kinds stay the same', () => {
    const before = buildKioskViews(catalog, [alert('Palaran', 'warning')]);
    const after = buildKioskViews(catalog, [alert('Palaran', 'warning', 'acknowledged'), alert('Sungai Pinang', 'critical')]);
    for (const id of ['flood', 'air', 'traffic']) {
      const [a, b] = [before, after].map((views) => views.find((v) => v.id === id));
      expect(a).not.toBe(b);
      expect(sensorsForView(catalog.sensors, a)).toBe(sensorsForView(catalog.sensors, b));
    }
    const flood = after.find((v) => v.id === 'flood');
    const edited = [...catalog.sensors, { ...catalog.sensors[0], id: 'f2' }];
    expect(sensorsForView(edited, flood).map((s) => s.id)).toEqual(['f1', 'f2']);
    expect(sensorsForView(catalog.sensors, after[0])).toBe(catalog.sensors);
  });

  it('clamps the interval', () => {
    expect(parseRotateSeconds(null)).toBe(20);
    expect(parseRotateSeconds('1')).toBe(3);
    expect(parseRotateSeconds('junk')).toBe(20);
  });
});
