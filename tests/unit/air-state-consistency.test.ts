import { describe, expect, it } from 'vitest';
import { createDetectionEngine } from '../../ingest/detect/engine';
import { AIR, CATALOG, MIN, T0, reading } from '../../ingest/detect/test-support';
import { ispu } from '../../src/lib/core/air-index';
import type { LiveReading } from '../../src/lib/core/reading';
import { formatKindSeverity } from '../../src/lib/format/reading-label';
import { SEVERITY_COLORS } from '../../src/lib/format/severity';
import { sensorProps, toAirHeatGeoJson, toSensorGeoJson } from '../../src/lib/map/to-geojson';
import { selectSensorRows } from '../../src/lib/map/sensor-rows';
import { computeHeadline } from '../../src/lib/realtime/headline';
import { summarizeDistricts } from '../../src/lib/realtime/district-summary';
import { parseLiveBatch } from '../../src/lib/server/live-state';

/**
 * One air reading whose own ISPU and whose hourly ISPU fall in different categories, followed from
 * the ingest over the wire to every screen: each must show the hourly one (what alerts use).
 */
describe('an air reading whose hourly and instantaneous ISPU disagree', () => {
  const engine = createDetectionEngine({ catalog: CATALOG });
  for (let m = 0; m < 59; m++) engine.observe(reading(AIR.id, 'air', T0 + m * MIN, { pm25: 10 }));
  const spike = reading(AIR.id, 'air', T0 + 59 * MIN, { pm25: 200 });
  engine.observe(spike);
  // Through the wire format the command center parses.
  const { readings: [live] } = parseLiveBatch(JSON.stringify([engine.live(spike)]));
  const now = spike.ts + 1000;
  const readings = new Map<string, LiveReading>([[AIR.id, live]]);

  it('is set up so that the two indices really fall in different categories', () => {
    expect(ispu({ pm25: 200 }).category.key).toBe('sangat-tidak-sehat');
    expect(live.state).toMatchObject({ kind: 'air', category: 'baik', pollutant: 'pm25', window: 'hourly' });
    expect(live.severity).toBe(0);
  });

  it('shows the hourly category in the dot, the label, the popup and the lists, in both languages', () => {
    expect(toSensorGeoJson([AIR], readings, now).features[0].properties.shown).toBe(0);
    const id = sensorProps(AIR, live, now, 'id');
    expect(id).toMatchObject({ shown: 0, color: SEVERITY_COLORS[0] });
    expect(id.label).toMatch(/^Baik · ISPU \d+ \(PM2\.5\)$/);
    expect(sensorProps(AIR, live, now, 'en').label).toMatch(/^Good · ISPU \d+ \(PM2\.5\)$/);
    expect(selectSensorRows([AIR], readings, now, 'id').rows[0].label).toBe(id.label);
  });

  it('weighs the heatmap, fills the tile and the district table with the same index', () => {
    const hourly = live.state.kind === 'air' ? live.state.ispu! : NaN;
    expect(hourly).toBeLessThanOrEqual(50);
    expect(toAirHeatGeoJson([AIR], readings, now).features[0].properties.ispu).toBe(Math.round(hourly / 10) * 10);
    const tile = computeHeadline([AIR], readings, [], now).air!;
    expect([tile.state.category, tile.state.ispu, tile.severity]).toEqual(['baik', hourly, 0]);
    const district = summarizeDistricts({ city: 'S', districts: [{ code: '1', name: AIR.district, lat: 0, lon: 0 }], sensors: [AIR] }, readings, [], now);
    // The districts page and the kiosk panel name the worst severity of a kind in that kind's words.
    expect(formatKindSeverity('air', district[0].worst.air!, 'id')).toBe('Baik');
  });
});
