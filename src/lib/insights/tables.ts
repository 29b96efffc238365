import { ISPU_CATEGORIES } from '../core/air-index';
import type { Cell, Table } from './csv';
import type { CongestionInsight } from './congestion';
import type { FloodInsight } from './floods';
import type { IspuInsight } from './ispu-days';
import type { UptimeInsight } from './uptime';
import type { InsightView } from './types';

/**
 * The numbers behind each chart as one flat table (for CSV): one row per drawn cell, bar or strip
 * segment, so a spreadsheet can redraw the chart. Shares are fractions 0–1, rounded to 4 places.
 */
export interface InsightData {
  congestion: CongestionInsight;
  floods: FloodInsight;
  air: IspuInsight;
  uptime: UptimeInsight;
}

const round = (v: number | null, places = 4): number | null => (v === null ? null : Number(v.toFixed(places)));
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function congestionTable(c: CongestionInsight): Table {
  const rows: Cell[][] = [];
  for (const j of c.junctions) {
    j.cells.hours.forEach((hours, i) => {
      if (hours === 0) return;
      const share = j.cells.macet[i] / hours;
      rows.push([j.rank, j.sensor, j.name, j.district, WEEKDAYS[Math.floor(i / 24)], i % 24, hours, j.cells.macet[i], round(share), round(j.cells.speedRatio[i])]);
    });
  }
  return { columns: ['rank', 'sensor', 'name', 'district', 'weekday', 'hour_wita', 'hours', 'macet_hours', 'macet_share', 'speed_ratio'], rows };
}

export function floodTable(f: FloodInsight): Table {
  const rows: Cell[][] = [];
  for (const g of f.gauges) {
    for (const l of g.levels) rows.push(['gauge', g.sensor, g.name, g.district, l.siaga, l.thresholdCm, l.episodes, round(l.hours, 2), round(l.maxDepthCm, 1)]);
  }
  for (const d of f.districts) {
    for (const l of d.levels) rows.push(['district', d.district, d.district, d.district, l.siaga, null, l.episodes, round(l.hours, 2), round(l.maxDepthCm, 1)]);
  }
  return { columns: ['scope', 'id', 'name', 'district', 'siaga', 'threshold_cm', 'episodes', 'hours', 'max_depth_cm'], rows };
}

export function ispuTable(a: IspuInsight): Table {
  const rows: Cell[][] = [];
  for (const s of a.stations) {
    for (const m of s.months) rows.push([s.sensor, s.name, s.district, m.month, ...ISPU_CATEGORIES.map((c) => m.counts[c.key]), m.days]);
  }
  return { columns: ['sensor', 'name', 'district', 'month', ...ISPU_CATEGORIES.map((c) => c.key), 'days'], rows };
}

export function uptimeTable(u: UptimeInsight): Table {
  const rows: Cell[][] = [];
  for (const s of u.sensors) {
    for (const d of s.days) rows.push([s.sensor, s.name, s.kind, s.district, d.date, d.expected, d.received, round(d.share)]);
  }
  return { columns: ['sensor', 'name', 'kind', 'district', 'date', 'expected', 'received', 'share'], rows };
}

export function insightTable<V extends InsightView>(view: V, data: InsightData[V]): Table {
  if (view === 'congestion') return congestionTable(data as CongestionInsight);
  if (view === 'floods') return floodTable(data as FloodInsight);
  if (view === 'air') return ispuTable(data as IspuInsight);
  return uptimeTable(data as UptimeInsight);
}
