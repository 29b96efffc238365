/**
 * Small planar geometry for the offline basemap, in degrees (lon, lat). Samarinda sits 0.5° from the
 * equator, so treating degrees as a flat plane distorts distances by well under 1 %: fine for an
 * approximate district map, never for surveying.
 */
export type Point = [number, number];
export type Ring = Point[];

/** Metres per degree of latitude (and of longitude at the equator). */
export const METRES_PER_DEGREE = 111_320;

export function roundCoord(value: number, decimals = 5): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function roundPoint(p: Point): Point {
  return [roundCoord(p[0]), roundCoord(p[1])];
}

/** Convex hull (Andrew's monotone chain), counter-clockwise, without the closing point. */
export function convexHull(points: readonly Point[]): Ring {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (const p of pts.reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** Pushes every vertex away from the centroid by `margin` degrees (a convex ring stays convex). */
export function expandRing(ring: Ring, margin: number): Ring {
  const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length;
  const cy = ring.reduce((s, p) => s + p[1], 0) / ring.length;
  return ring.map(([x, y]) => {
    const d = Math.hypot(x - cx, y - cy) || 1;
    return [x + ((x - cx) / d) * margin, y + ((y - cy) / d) * margin] as Point;
  });
}

/**
 * Sutherland–Hodgman against one half-plane `a·x + b·y <= c`: keeps the part of the polygon inside.
 * One plane at a time is all a Voronoi cell needs.
 */
export function clipHalfPlane(ring: Ring, a: number, b: number, c: number): Ring {
  const out: Ring = [];
  const side = (p: Point) => a * p[0] + b * p[1] - c;
  for (let i = 0; i < ring.length; i++) {
    const cur = ring[i];
    const next = ring[(i + 1) % ring.length];
    const sc = side(cur);
    const sn = side(next);
    if (sc <= 0) out.push(cur);
    if ((sc < 0 && sn > 0) || (sc > 0 && sn < 0)) {
      const t = sc / (sc - sn);
      out.push([cur[0] + t * (next[0] - cur[0]), cur[1] + t * (next[1] - cur[1])]);
    }
  }
  return out;
}

/** The Voronoi cell of `sites[i]` inside `bounds`: the points nearer to it than to any other site. */
export function voronoiCell(sites: readonly Point[], i: number, bounds: Ring): Ring {
  let cell = bounds;
  const [xi, yi] = sites[i];
  for (let j = 0; j < sites.length && cell.length > 0; j++) {
    if (j === i) continue;
    const [xj, yj] = sites[j];
    // |p − si|² ≤ |p − sj|²  ⇔  2(sj − si)·p ≤ |sj|² − |si|²
    cell = clipHalfPlane(cell, 2 * (xj - xi), 2 * (yj - yi), xj * xj + yj * yj - xi * xi - yi * yi);
  }
  return cell;
}

export function closeRing(ring: Ring): Ring {
  return ring.length === 0 ? ring : [...ring, ring[0]];
}

/** Polygon area (shoelace), in square degrees; positive when counter-clockwise. */
export function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

export function pointInRing(p: Point, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Flat distance in metres (good to < 1 % here, see above). */
export function distanceM(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]) * METRES_PER_DEGREE;
}

/** Where a point projects onto a polyline: distance along it (m) and distance off it (m). */
export function projectOnLine(p: Point, line: readonly Point[]): { alongM: number; offM: number } {
  let best = { alongM: 0, offM: Infinity };
  let walked = 0;
  for (let i = 0; i + 1 < line.length; i++) {
    const [ax, ay] = line[i];
    const [bx, by] = line[i + 1];
    const len2 = (bx - ax) ** 2 + (by - ay) ** 2;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - ax) * (bx - ax) + (p[1] - ay) * (by - ay)) / len2));
    const q: Point = [ax + t * (bx - ax), ay + t * (by - ay)];
    const off = distanceM(p, q);
    if (off < best.offM) best = { alongM: walked + t * Math.sqrt(len2) * METRES_PER_DEGREE, offM: off };
    walked += Math.sqrt(len2) * METRES_PER_DEGREE;
  }
  return best;
}
