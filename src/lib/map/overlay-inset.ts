/** A box on screen: what DOMRect gives. */
export interface ScreenBox {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * The most of the map's height an overlay at its foot, and one at its top, may keep clear. MapLibre does not fit the
 * first view at all when the padding leaves no height (the world at zoom 0, the city a dot off Africa's coast): a
 * narrow map (a window 601–650 px wide, a laptop at 200 % zoom) wrapped the legend to most of the map's height. With
 * these shares and MapView's margins (40 px, 20 below the switch) a map from 240 px high (a phone's least) keeps a
 * quarter of its height for the sensors.
 */
const MOST_BOTTOM = 0.35;
const MOST_TOP = 0.15;

function overlaps(map: ScreenBox, overlay: ScreenBox): boolean {
  const across = overlay.left < map.right && overlay.right > map.left;
  const within = overlay.top < map.bottom && overlay.bottom > map.top;
  return across && within;
}

/**
 * How many pixels at the bottom of the map an overlay covers (the wall's legend over the map's lower left), 0 when it
 * is beside or below it (a phone puts the legend under the map), at most 35 % of the map's height. The map fits its
 * sensors above that band: at 1280 and 1920 px the southern sensors (Palaran, Loa Janan Ilir) were drawn under the legend.
 */
export function bottomInset(map: ScreenBox, overlay: ScreenBox): number {
  if (!overlaps(map, overlay)) return 0;
  return Math.round(Math.min(map.bottom - overlay.top, (map.bottom - map.top) * MOST_BOTTOM));
}

/**
 * How far down from the map's top an overlay reaches (the heatmap switch at its upper right), 0 when it is elsewhere,
 * at most 15 % of the map's height: on a phone the northernmost sensor was drawn under the switch.
 */
export function topInset(map: ScreenBox, overlay: ScreenBox): number {
  if (!overlaps(map, overlay)) return 0;
  return Math.round(Math.min(overlay.bottom - map.top, (map.bottom - map.top) * MOST_TOP));
}
