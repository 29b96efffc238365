import type { StyleSpecification, LayerSpecification } from 'maplibre-gl';
import { ISPU_COLORS, SEVERITY_COLORS, STALE_COLOR } from '../format/severity';
import type { BasemapPart } from './basemap-style';

export const BASEMAP_URL = '/geo/samarinda-basemap.geojson';
export const SENSOR_SOURCE = 'sensors';
/** Air sensors only, unclustered: a heatmap of clusters would weigh a cluster as one sensor. */
export const AIR_HEAT_SOURCE = 'air-heat';
export const AIR_HEAT_LAYER = 'air-heat';
/**
 * Up to this zoom, nearby sensors merge into clusters coloured by their worst member. The city view
 * (about zoom 11 on a wall) must show every sensor on its own; clusters are for zoomed-out views
 * and catalogs with thousands of sensors.
 */
export const CLUSTER_MAX_ZOOM = 10;

const BG = '#070b14';
const LAND = '#0f1726';
const DISTRICT_LINE = '#3a4d70';
const RIVER = '#2f7ed8';

/** Step expression: severity (−1 = none/stale … 4) → colour, for clusters and points alike. */
function severityColorExpr(input: unknown, colors: readonly string[] = SEVERITY_COLORS): unknown {
  return ['step', input, STALE_COLOR, 0, colors[0], 1, colors[1], 2, colors[2], 3, colors[3], 4, colors[4]];
}

/** A sensor dot: air in its ISPU colours (Sedang blue), the others in the severity scale (kindSeverityColor). */
function sensorColorExpr(input: unknown): unknown {
  return ['match', ['get', 'kind'], 'air', severityColorExpr(input, ISPU_COLORS), severityColorExpr(input)];
}

/**
 * The offline style: no tiles, fonts or glyphs from anywhere (the control room may have no internet).
 * Only the city basemap GeoJSON served by the command center itself, and the sensors source. A configured
 * basemap (`configured`: PMTiles or a city style, basemap-style.ts) replaces the GeoJSON layers; the GeoJSON
 * source stays, for the district state fill and as the fallback.
 */
export function createMapStyle(configured?: BasemapPart): StyleSpecification {
  return {
    version: 8,
    ...(configured?.glyphs ? { glyphs: configured.glyphs } : {}),
    ...(configured?.sprite ? { sprite: configured.sprite } : {}),
    sources: {
      ...configured?.sources,
      basemap: { type: 'geojson', data: BASEMAP_URL },
      [SENSOR_SOURCE]: {
        type: 'geojson',
        data: { type: 'FeatureCollection', features: [] },
        cluster: true,
        clusterMaxZoom: CLUSTER_MAX_ZOOM,
        clusterRadius: 28,
        clusterProperties: { worst: ['max', ['get', 'shown']] }
      },
      [AIR_HEAT_SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } }
    },
    layers: [...(configured?.layers ?? geojsonBasemapLayers()), airHeatLayer(), ...sensorLayers()]
  } as StyleSpecification;
}

/** Today's offline basemap, drawn from the GeoJSON source `basemap`: the default and the fallback. */
export function geojsonBasemapLayers(): LayerSpecification[] {
  return [
    { id: 'background', type: 'background', paint: { 'background-color': BG } },
    { id: 'city', type: 'fill', source: 'basemap', filter: ['==', ['get', 'kind'], 'city'], paint: { 'fill-color': '#0b111d' } },
    {
      id: 'districts',
      type: 'fill',
      source: 'basemap',
      filter: ['==', ['get', 'kind'], 'district'],
      paint: { 'fill-color': LAND, 'fill-opacity': 0.95 }
    },
    {
      id: 'district-lines',
      type: 'line',
      source: 'basemap',
      filter: ['==', ['get', 'kind'], 'district'],
      paint: { 'line-color': DISTRICT_LINE, 'line-width': 1.5 }
    },
    {
      id: 'rivers',
      type: 'line',
      source: 'basemap',
      filter: ['==', ['get', 'kind'], 'river'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': RIVER, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 3, 14, 10], 'line-opacity': 0.85 }
    },
    {
      id: 'flood-spots',
      type: 'circle',
      source: 'basemap',
      filter: ['==', ['get', 'kind'], 'flood_spot'],
      paint: { 'circle-radius': 14, 'circle-color': RIVER, 'circle-opacity': 0.12, 'circle-blur': 0.6 }
    }
  ] as LayerSpecification[];
}

/**
 * Air quality as a heatmap under the sensor dots, weighted by ISPU: 50 (the top of "Baik") counts
 * 0.25 and 300 ("Berbahaya" starts) counts fully. Hidden until switched on: on a wall it competes
 * with the state colours of the dots, so it is a view an operator chooses.
 */
function airHeatLayer(): LayerSpecification {
  return {
    id: AIR_HEAT_LAYER,
    type: 'heatmap',
    source: AIR_HEAT_SOURCE,
    layout: { visibility: 'none' },
    paint: {
      'heatmap-weight': ['interpolate', ['linear'], ['get', 'ispu'], 0, 0, 50, 0.25, 100, 0.5, 200, 0.8, 300, 1],
      'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 9, 1, 14, 2],
      'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 9, 30, 12, 70, 15, 120],
      // ISPU's hues from Baik green through Tidak Sehat yellow to Sangat Tidak Sehat red, purple for the top as on the
      // dots. Sedang's blue is left out: on the dark-blue basemap with its blue rivers it would not read as heat.
      'heatmap-color': [
        'interpolate', ['linear'], ['heatmap-density'],
        0, 'rgba(0,0,0,0)', 0.1, 'rgba(46,204,113,0.55)', 0.4, 'rgba(241,196,15,0.6)',
        0.7, 'rgba(240,140,0,0.7)', 0.85, 'rgba(231,76,60,0.75)', 1, 'rgba(162,60,200,0.85)'
      ],
      'heatmap-opacity': 0.8
    }
  } as LayerSpecification;
}

function sensorLayers(): LayerSpecification[] {
  // The source property, updated every few seconds (map-updater): draw order and cluster colours.
  const shown = ['get', 'shown'];
  // Paint reads the feature state first, set on every change: a dot recolours at once, no tile reload.
  const paintShown = ['coalesce', ['feature-state', 'shown'], shown];
  const color = sensorColorExpr(paintShown);
  return [
    {
      id: 'clusters',
      type: 'circle',
      source: SENSOR_SOURCE,
      filter: ['has', 'point_count'],
      paint: {
        // Translucent disc with a coloured rim: reads as "a group", unlike the solid sensor dots.
        'circle-color': severityColorExpr(['get', 'worst']),
        'circle-opacity': 0.35,
        'circle-radius': ['step', ['get', 'point_count'], 16, 10, 22, 50, 30],
        'circle-stroke-color': severityColorExpr(['get', 'worst']),
        'circle-stroke-width': ['step', ['get', 'worst'], 2, 2, 4]
      }
    },
    {
      // A second ring for Siaga 2 / Padat and worse: the shape cue that does not need colour vision.
      // Drawn for every point with zero size below 2 rather than filtered: a filter reads only source
      // data, which trails the feature state by up to map-updater's SOURCE_GAP_MS.
      id: 'sensor-rings',
      type: 'circle',
      source: SENSOR_SOURCE,
      filter: ['!', ['has', 'point_count']],
      layout: { 'circle-sort-key': shown },
      paint: {
        'circle-radius': ['*', ['step', paintShown, 0, 2, 1], ['+', ['get', 'radius'], ['step', paintShown, 6, 3, 10]]],
        // A faint disc inside the ring: a fully transparent fill makes some renderers skip the stroke too.
        'circle-color': color,
        'circle-opacity': 0.18,
        'circle-stroke-color': color,
        'circle-stroke-width': ['step', paintShown, 0, 2, 2, 3, 3],
        'circle-stroke-opacity': 1
      }
    },
    {
      id: 'sensor-points',
      type: 'circle',
      source: SENSOR_SOURCE,
      filter: ['!', ['has', 'point_count']],
      // Worse states drawn last: a gauge at Siaga 1 is never hidden under a calm neighbour.
      layout: { 'circle-sort-key': shown },
      paint: {
        'circle-radius': ['get', 'radius'],
        'circle-color': color,
        'circle-stroke-color': ['case', ['<', paintShown, 0], '#9aa3b2', '#ffffff'],
        'circle-stroke-width': ['step', paintShown, 1, 1, 2, 2, 3, 3, 4],
        'circle-opacity': ['case', ['<', paintShown, 0], 0.55, 1]
      }
    }
  ] as LayerSpecification[];
}
