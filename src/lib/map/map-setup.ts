/**
 * What MapView adds to a new MapLibre map once, beside the style: district name labels, the
 * district-state fill layer, and the clicks (a sensor's popup, a cluster's zoom). Browser only:
 * it takes the maplibre-gl module that MapView loads lazily.
 */
import type { Map as MapLibreMap, MapLayerMouseEvent, Popup } from 'maplibre-gl';
import type { District, Sensor } from '../core/sensor';
import { AIR_HEAT_LAYER, CLUSTER_MAX_ZOOM } from './map-style';
import { labelsToShow } from './label-declutter';
import type { MapPointProps } from './to-geojson';

type MapLibre = typeof import('maplibre-gl');

/** [[west, south], [east, north]] around the sensors with a place; Samarinda's centre when there are none. */
export function sensorBounds(list: readonly Sensor[]): [[number, number], [number, number]] {
  const pts = list.filter((s) => Number.isFinite(s.lat) && Number.isFinite(s.lon));
  if (pts.length === 0) return [[117.05, -0.6], [117.25, -0.4]];
  const lons = pts.map((s) => s.lon);
  const lats = pts.map((s) => s.lat);
  return [[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]];
}

export function addDistrictLabels(maplibregl: MapLibre, m: MapLibreMap, districts: readonly District[]): void {
  const labels = districts.map((d) => {
    const label = document.createElement('div');
    label.className = 'district-label';
    label.textContent = d.name;
    new maplibregl.Marker({ element: label }).setLngLat([d.lon, d.lat]).addTo(m);
    return label;
  });
  // hidden, not removed: a hidden name keeps its box, so it can come back when a zoom gives it room.
  // moveend also ends every resize (MapLibre's resize fires movestart, move, resize, moveend).
  const declutter = () => {
    const show = labelsToShow(labels.map((l) => l.getBoundingClientRect()));
    labels.forEach((l, i) => (l.style.visibility = show[i] ? '' : 'hidden'));
  };
  m.on('moveend', declutter);
  m.once('idle', declutter);
}

/** Filled by `districtFill` (district summary); hidden otherwise so the wall keeps its calm basemap. Call on 'load'. */
export function addDistrictStateLayer(m: MapLibreMap): void {
  m.addLayer(
    {
      id: 'district-state',
      type: 'fill',
      source: 'basemap',
      filter: ['==', ['get', 'kind'], 'district'],
      layout: { visibility: 'none' },
      paint: { 'fill-color': 'rgba(0,0,0,0)', 'fill-opacity': 0.45 }
    },
    m.getLayer('district-lines') ? 'district-lines' : AIR_HEAT_LAYER
  );
}

/**
 * A click on a sensor opens its popup (content from `contentFor`, null for an unknown sensor); a
 * click on a cluster zooms in past clustering. Returns what closes the open popup.
 */
export function wireMapClicks(maplibregl: MapLibre, m: MapLibreMap, contentFor: (sensorId: string) => HTMLElement | null): () => void {
  let popup: Popup | null = null;
  m.on('click', 'sensor-points', (e: MapLayerMouseEvent) => {
    const f = e.features?.[0];
    if (!f) return;
    const content = contentFor((f.properties as unknown as MapPointProps).id);
    if (!content) return;
    popup?.remove();
    popup = new maplibregl.Popup({ closeButton: true, maxWidth: '320px' }).setLngLat(e.lngLat).setDOMContent(content).addTo(m);
  });
  m.on('click', 'clusters', (e: MapLayerMouseEvent) => {
    m.easeTo({ center: e.lngLat, zoom: Math.max(m.getZoom() + 2, CLUSTER_MAX_ZOOM + 1) });
  });
  for (const layer of ['sensor-points', 'clusters']) {
    m.on('mouseenter', layer, () => (m.getCanvas().style.cursor = 'pointer'));
    m.on('mouseleave', layer, () => (m.getCanvas().style.cursor = ''));
  }
  return () => popup?.remove();
}
