import type { Alert } from '../../core/alert';
import { foldAlertEvents } from '../../core/alert-lifecycle';
import { SENSOR_KINDS, indexSensors, type Catalog } from '../../core/sensor';
import type { ProcedureBook } from '../../catalog/procedures';
import { lookbackStart } from '../../reports/period';
import type { HourlyAggregate, MaintenanceState, ReportInput, ReportPeriod } from '../../reports/types';
import { readLatestForecasts } from '../forecasts';
import { parseDocs } from '../history';
import { alertEventsSource, type InfluxClient } from '../influx';
import { buildAlertRebuildQuery } from '../influx-queries';
import { readEscalations } from './escalations';
import { buildReportEventsQuery, parseHourlySeries, planHourlyQueries } from './queries';
import { readTrafficSlots } from './traffic-slots';

/**
 * Everything a report is computed from, read from the stores: alert events and hourly aggregates
 * from InfluxDB for the period and its lookback, half-hour traffic means of the last weekdays, the
 * notifier's escalations of the period, maintenance states from the registry (when there is
 * one), the latest forecasts, and the alerts open now (folded from the stored events, as the
 * command center rebuilds them at start: the CLI has no live hub).
 */
export interface ReportSources {
  influx: InfluxClient;
  catalog: Catalog;
  procedures: ProcedureBook;
  /** Sensors in maintenance; the registry's, or none without one. */
  maintenance: () => Promise<MaintenanceState[]>;
}

export async function readHourly(influx: InfluxClient, startMs: number, endMs: number, nowMs: number): Promise<HourlyAggregate[]> {
  const rollups = influx.retention?.rollups ?? false;
  const parts = await Promise.all(
    SENSOR_KINDS.map(async (kind) => {
      const out: HourlyAggregate[] = [];
      for (const q of planHourlyQueries(kind, startMs, endMs, nowMs, rollups)) out.push(...parseHourlySeries(kind, await influx.query(q)));
      return out;
    })
  );
  return parts.flat();
}

export async function readOpenAlerts(influx: InfluxClient, nowMs: number): Promise<Alert[]> {
  const events = parseDocs(await influx.query(buildAlertRebuildQuery(nowMs, alertEventsSource(influx)))).reverse();
  return [...foldAlertEvents(events).values()].filter((a) => a.state !== 'resolved');
}

export async function readReportInput(src: ReportSources, period: ReportPeriod, nowMs: number): Promise<ReportInput> {
  const from = lookbackStart(period);
  const to = Math.min(period.end, nowMs);
  const [events, hourly, trafficSlots, escalations, forecasts, openAlerts, maintenance] = await Promise.all([
    src.influx.query(buildReportEventsQuery(alertEventsSource(src.influx), from, to)).then(parseDocs),
    readHourly(src.influx, from, to, nowMs),
    readTrafficSlots(src.influx, period.end, nowMs),
    readEscalations(src.influx, period.start, to),
    readLatestForecasts(src.influx, indexSensors(src.catalog), nowMs),
    readOpenAlerts(src.influx, nowMs),
    src.maintenance()
  ]);
  events.sort((a, b) => a.at - b.at);
  return { period, generatedAt: nowMs, catalog: src.catalog, events, hourly, trafficSlots, escalations, maintenance, forecasts: [...forecasts.values()], openAlerts, procedures: src.procedures };
}
