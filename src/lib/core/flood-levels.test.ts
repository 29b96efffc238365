import { describe, expect, it } from 'vitest';
import { nextThreshold, rainCategory, siagaLevel } from './flood-levels';

const benanga = { siaga3: 50, siaga2: 55, siaga1: 105 };

describe('Siaga level from gauge thresholds', () => {
  it('counts a threshold as reached', () => {
    expect(siagaLevel(49.9, benanga).siaga).toBe(4);
    expect(siagaLevel(50, benanga).siaga).toBe(3);
    expect(siagaLevel(55, benanga).siaga).toBe(2);
    expect(siagaLevel(104, benanga).siaga).toBe(2);
    expect(siagaLevel(105, benanga).siaga).toBe(1);
  });
  it('severity runs opposite to the Siaga number', () => {
    expect(siagaLevel(0, benanga).severity).toBe(0);
    expect(siagaLevel(200, benanga).severity).toBe(3);
  });
  it('names the next threshold, none at Siaga 1', () => {
    expect(nextThreshold(siagaLevel(10, benanga), benanga)).toEqual({ siaga: 3, cm: 50 });
    expect(nextThreshold(siagaLevel(60, benanga), benanga)).toEqual({ siaga: 1, cm: 105 });
    expect(nextThreshold(siagaLevel(120, benanga), benanga)).toBeNull();
  });
  it('classifies hourly rain by BMKG categories', () => {
    expect(rainCategory(0.5).en).toBe('Very light');
    expect(rainCategory(12).en).toBe('Heavy');
    expect(rainCategory(45).en).toBe('Very heavy');
  });
});
