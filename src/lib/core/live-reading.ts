import { ispu, ispuCategory } from './air-index';
import { rainCategory, siagaLevel } from './flood-levels';
import type { LiveReading, Reading } from './reading';
import type { Sensor } from './sensor';
import { trafficState } from './traffic-levels';

/** Short number for labels: one decimal below 10, whole numbers above. */
function formatNumber(value: number): string {
  return Math.abs(value) < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
}

/**
 * The state a reading puts its sensor in, for the wall: severity 0 (normal) … 4 and a short
 * Indonesian label (the UI re-derives English from severity and values).
 * `hourlyIspu` is the air-quality rule's hourly index when it has one; the instantaneous index of
 * one reading jumps around too much to colour a map with. The ingest and the command center (for
 * readings it rebuilds from InfluxDB) both use this, so the map looks the same either way.
 */
export function createLiveReading(sensor: Sensor, reading: Reading, hourlyIspu?: number): LiveReading {
  const { severity, label } = liveState(sensor, reading, hourlyIspu);
  return { sensorId: reading.sensorId, kind: reading.kind, ts: reading.ts, values: reading.values, district: sensor.district, severity, label };
}

function liveState(sensor: Sensor, r: Reading, hourlyIspu?: number): { severity: number; label: string } {
  const v = r.values;
  switch (sensor.kind) {
    case 'flood': {
      const wl = v.water_level;
      if (wl !== undefined && sensor.flood) {
        const level = siagaLevel(wl, sensor.flood);
        return { severity: level.severity, label: `${level.id} · ${formatNumber(wl)} cm` };
      }
      if (wl !== undefined) return { severity: 0, label: `${formatNumber(wl)} cm` };
      if (v.rainfall !== undefined) return { severity: 0, label: `Hujan ${rainCategory(v.rainfall).id.toLowerCase()} · ${formatNumber(v.rainfall)} mm/jam` };
      return { severity: 0, label: '' };
    }
    case 'air': {
      const value = hourlyIspu ?? ispu(v).value;
      const c = ispuCategory(value);
      return { severity: c.level, label: `ISPU ${value} · ${c.id}` };
    }
    case 'traffic': {
      const speed = v.speed === undefined ? '' : ` · ${formatNumber(v.speed)} km/h`;
      if (!sensor.traffic) return { severity: 0, label: speed.slice(3) };
      const s = trafficState(v, sensor.traffic);
      return { severity: s.level.severity, label: `${s.level.id}${speed}` };
    }
  }
}
