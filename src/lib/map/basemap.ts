/**
 * Which basemap the map draws, as the page receives it (src/lib/server/basemap-config.ts reads
 * PANTAU_BASEMAP). `geojson` is the offline basemap shipped in static/geo: the default, and what the map
 * falls back to when the configured one fails.
 */
export type BasemapChoice =
  | { kind: 'geojson' }
  /** A PMTiles archive the command center serves itself at `url` (HTTP ranges), read through the pmtiles protocol. */
  | { kind: 'pmtiles'; url: string }
  /** A MapLibre style JSON the city runs (its own tile server). */
  | { kind: 'style'; url: string };

export const GEOJSON_BASEMAP: BasemapChoice = Object.freeze({ kind: 'geojson' });
/** Where the command center serves a configured PMTiles file (src/routes/basemap/[file]/+server.ts). */
export const PMTILES_ROUTE = '/basemap/samarinda.pmtiles';
