import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_FILTERS, filtersFromQuery } from './filters';

describe('alert list filters from the address', () => {
  it('takes known values', () => {
    const q = new URLSearchParams({ kind: 'flood', district: 'Samarinda Ulu', severity: 'critical', state: 'all' });
    expect(filtersFromQuery(q, ['Samarinda Ulu'])).toEqual({ kind: 'flood', district: 'Samarinda Ulu', severity: 'critical', state: 'all' });
  });
  it('falls back to the defaults for unknown or missing values', () => {
    const q = new URLSearchParams({ kind: 'volcano', district: 'Atlantis', severity: 'x', state: '<script>' });
    expect(filtersFromQuery(q, ['Samarinda Ulu'])).toEqual(DEFAULT_ALERT_FILTERS);
    expect(filtersFromQuery(new URLSearchParams(), [])).toEqual(DEFAULT_ALERT_FILTERS);
  });
});
