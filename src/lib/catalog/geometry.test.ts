import { describe, it, expect } from 'vitest';
import { clipHalfPlane, convexHull, pointInRing, projectOnLine, ringArea, voronoiCell, type Point, type Ring } from './geometry';

const square: Ring = [
  [0, 0],
  [2, 0],
  [2, 2],
  [0, 2]
];

describe('geometry', () => {
  it('clips a square to a half-plane', () => {
    const half = clipHalfPlane(square, 1, 0, 1); // x <= 1
    expect(Math.abs(ringArea(half))).toBeCloseTo(2);
    expect(half.every(([x]) => x <= 1 + 1e-12)).toBe(true);
  });

  it('builds Voronoi cells that tile the bounds and hold their own site', () => {
    const sites: Point[] = [
      [0.5, 0.5],
      [1.5, 0.4],
      [1.0, 1.6],
      [0.2, 1.8]
    ];
    const cells = sites.map((_, i) => voronoiCell(sites, i, square));
    const total = cells.reduce((s, c) => s + Math.abs(ringArea(c)), 0);
    expect(total).toBeCloseTo(4, 9);
    cells.forEach((cell, i) => expect(pointInRing(sites[i], cell)).toBe(true));
  });

  it('finds the convex hull', () => {
    const hull = convexHull([[0, 0], [1, 1], [2, 0], [2, 2], [0, 2], [1, 0.5]]);
    expect(hull).toHaveLength(4);
    expect(ringArea(hull)).toBeCloseTo(4);
  });

  it('projects a point onto a polyline', () => {
    const r = projectOnLine([0.5, 0.01], [[0, 0], [1, 0]]);
    expect(r.alongM).toBeCloseTo(0.5 * 111_320, 0);
    expect(r.offM).toBeCloseTo(0.01 * 111_320, 0);
  });
});
