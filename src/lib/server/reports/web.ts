import { getServerContext } from '../context';
import { getProcedures } from '../procedures';
import { getRegistry } from '../registry/handle';
import type { MaintenanceState } from '../../reports/types';
import type { RegistryStore } from '../registry/store';
import { createReportService, type ReportService } from './service';

/**
 * The command center's report service: catalog and InfluxDB of the server context, maintenance
 * states from the sensor registry. One per process (a module variable holds no per-user state).
 */
let service: ReportService | undefined;

/** Sensors with status maintenance, each with the reason of its latest change. */
export async function registryMaintenance(store: RegistryStore | undefined): Promise<MaintenanceState[]> {
  if (!store) return [];
  const inMaintenance = (await store.list()).filter((s) => s.status === 'maintenance');
  return Promise.all(inMaintenance.map(async (s) => {
    const found = await store.get(s.id);
    return { sensorId: s.id, reason: found?.history[0]?.reason ?? '' }; // history is newest first
  }));
}

export function getReportService(): ReportService {
  service ??= createReportService(() => {
    const { catalog, influx } = getServerContext();
    return { catalog, influx, procedures: getProcedures(), maintenance: async () => registryMaintenance((await getRegistry())?.store) };
  });
  return service;
}
