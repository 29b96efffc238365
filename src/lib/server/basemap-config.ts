import { PantauError } from '../core/errors';
import { PMTILES_ROUTE, type BasemapChoice } from '../map/basemap';
import type { Env } from '../schemas/env';

/**
 * PANTAU_BASEMAP: `geojson` (default), `pmtiles:<file>` (the command center serves the file at
 * PMTILES_ROUTE) or `style:<http(s) URL of a MapLibre style JSON>`. Read by config.ts with the rest of the
 * web's settings. The file itself is checked when served, not here: a missing archive must not stop the
 * command center, the map falls back to the GeoJSON basemap.
 */
export interface BasemapConfig {
  /** What the page gets. */
  choice: BasemapChoice;
  /** The PMTiles file on disk (relative to process.cwd()), for the route; empty unless `pmtiles:`. */
  pmtilesFile: string;
  /** Origins the pages' CSP must allow fetches from: the style's server (its tiles, sprites and fonts must be there too). */
  connectOrigins: readonly string[];
}

function refuse(raw: string, why: string): never {
  throw new PantauError('CONFIG_PANTAU_BASEMAP', `PANTAU_BASEMAP ${why}, got "${raw.slice(0, 200)}"`);
}

export function parseBasemapConfig(env: Env): BasemapConfig {
  const raw = (env.PANTAU_BASEMAP ?? '').trim();
  if (raw === '' || raw === 'geojson') return Object.freeze({ choice: Object.freeze({ kind: 'geojson' }), pmtilesFile: '', connectOrigins: [] });
  const colon = raw.indexOf(':');
  const kind = colon < 0 ? raw : raw.slice(0, colon);
  const value = colon < 0 ? '' : raw.slice(colon + 1).trim();
  if (kind === 'pmtiles') {
    if (!value) refuse(raw, 'needs a file after "pmtiles:"');
    return Object.freeze({ choice: Object.freeze({ kind: 'pmtiles', url: PMTILES_ROUTE }), pmtilesFile: value, connectOrigins: [] });
  }
  if (kind === 'style') {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      refuse(raw, 'needs an absolute URL after "style:"');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') refuse(raw, 'style URL must be http(s)');
    return Object.freeze({ choice: Object.freeze({ kind: 'style', url: url.href }), pmtilesFile: '', connectOrigins: Object.freeze([url.origin]) });
  }
  refuse(raw, 'must be geojson, pmtiles:<file> or style:<URL>');
}
