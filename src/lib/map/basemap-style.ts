import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import { geojsonBasemapLayers } from './map-style';

/**
 * The configured basemap (PANTAU_BASEMAP: a PMTiles extract or a city's style) as sources and layers
 * put under the sensor layers. Every id carries BASEMAP_PREFIX, so the fallback to the GeoJSON basemap
 * removes exactly these and nothing of the sensors.
 */
export const BASEMAP_PREFIX = 'bm:';
export const PMTILES_SOURCE = `${BASEMAP_PREFIX}tiles`;

export interface BasemapPart {
  sources: Record<string, SourceSpecification>;
  layers: LayerSpecification[];
  glyphs?: string;
  sprite?: StyleSpecification['sprite'];
}

/** Tile layer of each GeoJSON basemap layer in the extract of `npm run basemap:pmtiles` (scripts/lib/basemap-tiles.ts). */
const TILE_LAYER_OF: Record<string, string> = {
  city: 'city',
  districts: 'districts',
  'district-lines': 'districts',
  rivers: 'rivers',
  'flood-spots': 'places'
};

/**
 * Streets and water of an OpenStreetMap extract in the Protomaps basemap schema (what `pmtiles extract`
 * of a Protomaps build gives): the streets operators find places by, drawn dark and quiet under the sensors.
 * Layers absent from the archive (our own extract has none of these) draw nothing.
 */
function protomapsLayers(): LayerSpecification[] {
  const src = { source: PMTILES_SOURCE };
  const road = (kind: string, color: string, w: [number, number]) => ({
    id: `${BASEMAP_PREFIX}roads-${kind}`,
    type: 'line',
    ...src,
    'source-layer': 'roads',
    filter: ['==', ['get', 'kind'], kind],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': color, 'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 10, w[0], 16, w[1]] }
  });
  return [
    { id: `${BASEMAP_PREFIX}earth`, type: 'fill', ...src, 'source-layer': 'earth', paint: { 'fill-color': '#0f1726' } },
    { id: `${BASEMAP_PREFIX}water`, type: 'fill', ...src, 'source-layer': 'water', paint: { 'fill-color': '#12305a' } },
    { id: `${BASEMAP_PREFIX}buildings`, type: 'fill', ...src, 'source-layer': 'buildings', minzoom: 14, paint: { 'fill-color': '#1a2438' } },
    road('minor_road', '#243250', [0.3, 4]),
    road('major_road', '#34476b', [0.8, 7]),
    road('highway', '#4a5f88', [1.2, 9])
  ] as LayerSpecification[];
}

/** The project's own extract styled like today's GeoJSON basemap, plus OSM streets when the archive has them. */
export function pmtilesBasemap(archiveUrl: string): BasemapPart {
  const own = geojsonBasemapLayers().map((l) => {
    const layer = { ...l, id: `${BASEMAP_PREFIX}${l.id}` } as LayerSpecification & { source?: string; 'source-layer'?: string };
    if (l.type !== 'background') Object.assign(layer, { source: PMTILES_SOURCE, 'source-layer': TILE_LAYER_OF[l.id] });
    return layer as LayerSpecification;
  });
  const [background, ...rest] = own;
  return {
    sources: { [PMTILES_SOURCE]: { type: 'vector', url: `pmtiles://${archiveUrl}` } },
    // Streets above the district fills (opaque in our style) and below the district lines and rivers.
    layers: [background, ...rest.slice(0, 2), ...protomapsLayers(), ...rest.slice(2)]
  };
}

function absolute(url: string | undefined, base: string): string | undefined {
  // MapLibre takes some URLs as templates ({z}, {fontstack}): keep the braces as written.
  return url === undefined || /^(mapbox|pmtiles):/.test(url) ? url : new URL(url, base).href.replace(/%7B/g, '{').replace(/%7D/g, '}');
}

/**
 * A city's style fetched as JSON: its ids prefixed, its relative URLs made absolute against the style's own
 * URL (the style is handed to MapLibre as an object, which has no base URL).
 */
export function cityStyleBasemap(style: StyleSpecification, styleUrl: string): BasemapPart {
  const sources: Record<string, SourceSpecification> = {};
  for (const [id, s] of Object.entries(style.sources ?? {})) {
    const source = { ...s } as SourceSpecification & { url?: string; tiles?: string[]; data?: unknown };
    if (source.url) source.url = absolute(source.url, styleUrl);
    if (source.tiles) source.tiles = source.tiles.map((t) => absolute(t, styleUrl)!);
    if (typeof source.data === 'string') source.data = absolute(source.data, styleUrl);
    sources[`${BASEMAP_PREFIX}${id}`] = source;
  }
  const layers = (style.layers ?? []).map((l) => {
    const layer = { ...l, id: `${BASEMAP_PREFIX}${l.id}` } as LayerSpecification & { source?: unknown };
    if (typeof layer.source === 'string') layer.source = `${BASEMAP_PREFIX}${layer.source}`;
    return layer as LayerSpecification;
  });
  const sprite = typeof style.sprite === 'string' ? absolute(style.sprite, styleUrl) : style.sprite?.map((s) => ({ ...s, url: absolute(s.url, styleUrl)! }));
  return { sources, layers, glyphs: absolute(style.glyphs, styleUrl), sprite };
}

export function isBasemapId(id: string): boolean {
  return id.startsWith(BASEMAP_PREFIX);
}
