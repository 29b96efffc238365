import { describe, expect, it } from 'vitest';
import { translate } from '$lib/i18n/translate';
import { HOURS_CHOICES, rangeLabel } from './history';

describe('history range buttons', () => {
  it('read as hours up to a day, then days, then a year, in both languages', () => {
    const words = (lang: 'id' | 'en') => HOURS_CHOICES.map((h) => translate(lang, rangeLabel(h).key, rangeLabel(h).params));
    expect(words('id')).toEqual(['1 jam', '6 jam', '24 jam', '3 hari', '7 hari', '30 hari', '90 hari', '1 tahun']);
    expect(words('en')).toEqual(['1 h', '6 h', '24 h', '3 d', '7 d', '30 d', '90 d', '1 yr']);
  });

  it('keeps hours that are not whole days as hours', () => {
    expect(rangeLabel(36)).toEqual({ key: 'sensor.hours', params: { n: 36 } });
  });
});
