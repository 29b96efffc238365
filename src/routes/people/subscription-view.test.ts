import { describe, expect, it } from 'vitest';
import { translate } from '$lib/i18n/translate';
import { describeSubscription } from './subscription-view';

describe('subscription in words', () => {
  it('names kinds, districts, severity and categories; an empty list says every', () => {
    const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('en', key, params);
    const sub = { kinds: ['flood', 'traffic'] as const, districts: ['Sungai Pinang', 'Palaran'], categories: ['emergency'] as const, minSeverity: 'warning' as const };
    expect(describeSubscription({ ...sub, kinds: [...sub.kinds], categories: [...sub.categories] }, en)).toBe('Traffic, Flood · Sungai Pinang, Palaran · Warning or higher · Emergency');
    expect(describeSubscription({ kinds: ['traffic', 'flood'], districts: ['Palaran'], categories: [], minSeverity: 'info' }, en)).toBe('Traffic, Flood · Palaran · Info or higher');
    expect(describeSubscription({ kinds: [], districts: [], categories: ['emergency', 'maintenance'], minSeverity: 'critical' }, en)).toBe('every kind · every district · Critical or higher · Emergency, Maintenance');
    const id = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('id', key, params);
    expect(describeSubscription({ kinds: ['air'], districts: [], categories: ['emergency'], minSeverity: 'info' }, id)).toContain('semua kecamatan');
  });
});
