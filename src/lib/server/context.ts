import type { Catalog, Sensor } from '../core/sensor';
import { indexSensors } from '../core/sensor';
import { loadWebConfig } from './config';
import { loadCatalog } from './catalog';
import { createInfluxClient, type InfluxClient } from './influx';
import { findRealtimeHub } from './hub-handle';
import { findRegistry, getRegistry } from './registry/handle';

/**
 * Catalog and InfluxDB for endpoints: the hub's when it runs, otherwise built once from config so
 * history and catalog still answer under a server started without the hub.
 */
let fallback: { catalog: Catalog; sensors: ReadonlyMap<string, Sensor>; influx: InfluxClient } | undefined;

export function getServerContext(): { catalog: Catalog; sensors: ReadonlyMap<string, Sensor>; influx: InfluxClient } {
  const base = baseContext();
  // The sensor registry, when there is one, replaces the catalog file's sensors (and follows its edits).
  const registry = findRegistry();
  if (!registry) {
    void getRegistry();
    return base;
  }
  const { catalog, sensors } = registry.current();
  return { catalog, sensors, influx: base.influx };
}

function baseContext(): { catalog: Catalog; sensors: ReadonlyMap<string, Sensor>; influx: InfluxClient } {
  const hub = findRealtimeHub();
  if (hub) return hub;
  if (!fallback) {
    const config = loadWebConfig();
    const catalog = loadCatalog(config.catalogPath);
    fallback = { catalog, sensors: indexSensors(catalog), influx: createInfluxClient(config.influx) };
  }
  return fallback;
}
