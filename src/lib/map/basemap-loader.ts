import type { ErrorEvent, Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import type { BasemapChoice } from './basemap';
import { cityStyleBasemap, isBasemapId, pmtilesBasemap, type BasemapPart } from './basemap-style';
import { AIR_HEAT_LAYER, geojsonBasemapLayers } from './map-style';

type MapLibre = typeof import('maplibre-gl');

/** A city style that has not answered by then is treated as down: the GeoJSON basemap is drawn instead. */
const STYLE_FETCH_MS = 8_000;
/**
 * The map waits for its basemap's first tiles before it is "loaded" (and shows sensors): a tile server that
 * hangs must not keep the wall blank, so after this long the configured basemap is given up.
 */
export const BASEMAP_LOAD_MS = 20_000;

let protocolAdded = false;

/** The pmtiles protocol, once per page: every map on it reads archives through the same instance and cache. */
async function addPmtilesProtocol(maplibregl: MapLibre): Promise<void> {
  if (protocolAdded) return;
  const { Protocol } = await import('pmtiles');
  // metadata: the archive's attribution (OpenStreetMap for a street extract) reaches the attribution control.
  maplibregl.addProtocol('pmtiles', new Protocol({ metadata: true }).tile);
  protocolAdded = true;
}

async function fetchCityStyle(url: string): Promise<StyleSpecification> {
  const res = await fetch(url, { signal: AbortSignal.timeout(STYLE_FETCH_MS) });
  if (!res.ok) throw new Error(`style ${url}: HTTP ${res.status}`);
  const style = (await res.json()) as StyleSpecification;
  if (style?.version !== 8 || !Array.isArray(style.layers)) throw new Error(`style ${url}: not a MapLibre style (version 8 with layers)`);
  return style;
}

/**
 * The configured basemap's sources and layers, or null for the GeoJSON basemap. `failed` when the
 * configured one could not even be prepared (a city style that does not load): the map starts on GeoJSON.
 */
export async function prepareBasemap(choice: BasemapChoice, maplibregl: MapLibre): Promise<{ part: BasemapPart | null; failed: boolean }> {
  try {
    if (choice.kind === 'pmtiles') {
      await addPmtilesProtocol(maplibregl);
      // Absolute: the protocol fetches it by itself, outside MapLibre's own URL handling.
      return { part: pmtilesBasemap(new URL(choice.url, location.href).href), failed: false };
    }
    if (choice.kind === 'style') return { part: cityStyleBasemap(await fetchCityStyle(choice.url), choice.url), failed: false };
  } catch (err) {
    console.warn(`[map] basemap ${choice.kind} unavailable, using the built-in one: ${(err as Error).message}`);
    return { part: null, failed: true };
  }
  return { part: null, failed: false };
}

/** Swaps the configured basemap for the GeoJSON one, in place: the sensor sources and their data stay. */
export function fallBackToGeojson(map: MapLibreMap): void {
  for (const layer of map.getStyle().layers) if (isBasemapId(layer.id)) map.removeLayer(layer.id);
  for (const id of Object.keys(map.getStyle().sources)) if (isBasemapId(id)) map.removeSource(id);
  const before = map.getLayer('district-state') ? 'district-state' : AIR_HEAT_LAYER;
  for (const layer of geojsonBasemapLayers()) map.addLayer(layer, before);
  // The district state fill belongs under the district lines, as with the GeoJSON basemap from the start.
  if (map.getLayer('district-state')) map.moveLayer('district-state', 'district-lines');
}

/**
 * Calls `onFail` once when the configured basemap does not work: an error from one of its sources
 * (unreachable tiles, a file that is not PMTiles), nothing of it drawn once the map first settles (an
 * archive of another place), or no load in BASEMAP_LOAD_MS. Returns a function that stops watching.
 */
export function watchBasemap(map: MapLibreMap, kind: BasemapChoice['kind'], onFail: (why: string) => void): () => void {
  let done = false;
  const fail = (why: string) => {
    if (done) return;
    done = true;
    stop();
    onFail(why);
  };
  // MapLibre adds the source's id to errors of a source (tiles, TileJSON): those of other sources are not ours.
  const onError = (e: ErrorEvent & { sourceId?: string }) => {
    if (e.sourceId && isBasemapId(e.sourceId)) fail(`source ${e.sourceId}: ${e.error?.message ?? 'error'}`);
  };
  const onIdle = () => {
    // Raster tiles of a city style have no features to count: there, only errors and the timeout tell.
    if (kind !== 'pmtiles') return stop();
    const layers = map.getStyle().layers.filter((l) => isBasemapId(l.id) && l.type !== 'background').map((l) => l.id);
    if (map.queryRenderedFeatures({ layers }).length === 0) fail('no basemap features in view');
    else stop();
  };
  const timer = setTimeout(() => fail(`not loaded in ${BASEMAP_LOAD_MS / 1000} s`), BASEMAP_LOAD_MS);
  const onLoad = () => clearTimeout(timer);
  function stop(): void {
    clearTimeout(timer);
    map.off('error', onError);
    map.off('load', onLoad);
    map.off('idle', onIdle);
  }
  map.on('error', onError);
  map.on('load', onLoad);
  map.once('idle', onIdle);
  return () => {
    done = true;
    stop();
  };
}
