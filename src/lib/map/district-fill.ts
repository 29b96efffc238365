import { severityColor, STALE_COLOR } from '../format/severity';

/** MapLibre expression: a district polygon's fill from its worst state (name → severity; grey when unknown). */
export function districtFillExpr(fill: Record<string, number>): unknown {
  const pairs = Object.entries(fill).flatMap(([name, severity]) => [name, severityColor(severity)]);
  return pairs.length ? ['match', ['get', 'name'], ...pairs, STALE_COLOR] : STALE_COLOR;
}
