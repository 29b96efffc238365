/** A box on screen: what DOMRect gives. */
export interface ScreenBox {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * How many pixels at the bottom of the map an overlay covers (the wall's legend over the map's lower left), 0 when it
 * is beside or below it (a phone puts the legend under the map). The map fits its sensors above that band: at 1280 and
 * 1920 px the southern sensors (Palaran, Loa Janan Ilir) were drawn under the legend.
 */
export function bottomInset(map: ScreenBox, overlay: ScreenBox): number {
  const across = overlay.left < map.right && overlay.right > map.left;
  const within = overlay.top < map.bottom && overlay.bottom > map.top;
  return across && within ? Math.round(map.bottom - overlay.top) : 0;
}

/**
 * How far down from the map's top an overlay reaches (the heatmap switch at its upper right), 0 when it is elsewhere:
 * on a phone the northernmost sensor was drawn under the switch.
 */
export function topInset(map: ScreenBox, overlay: ScreenBox): number {
  const across = overlay.left < map.right && overlay.right > map.left;
  const within = overlay.top < map.bottom && overlay.bottom > map.top;
  return across && within ? Math.round(overlay.bottom - map.top) : 0;
}
