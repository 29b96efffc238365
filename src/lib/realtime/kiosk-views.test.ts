import { describe, it, expect } from 'vitest';
import type { Alert } from '../core/alert';
import type { Catalog } from '../core/sensor';
import { advanceRotation, buildKioskViews, focusAlert, parseRotateSeconds, sensorsForView, shouldReload, startRotation } from './kiosk-views';

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

  it('clamps the interval and reloads only on a changed version with no modal open', () => {
    expect(parseRotateSeconds(null)).toBe(20);
    expect(parseRotateSeconds('1')).toBe(3);
    expect(parseRotateSeconds('junk')).toBe(20);
    expect(shouldReload('a', 'b', false)).toBe(true);
    expect(shouldReload('a', 'b', true)).toBe(false);
    expect(shouldReload('a', 'a', false)).toBe(false);
    expect(shouldReload('a', null, false)).toBe(false);
  });
});
