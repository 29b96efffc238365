import { describe, it, expect } from 'vitest';
import { DICTIONARIES, LANGS, placeholdersOf, translate } from './translate';
import { messagesId } from './messages-id';
import { FIELDS, SENSOR_KINDS } from '../core/sensor';

describe('i18n dictionaries', () => {
  const keys = Object.keys(messagesId).sort();

  it('every language has exactly the Indonesian keys, none empty', () => {
    for (const lang of LANGS) {
      expect(Object.keys(DICTIONARIES[lang]).sort()).toEqual(keys);
      for (const k of keys) expect(DICTIONARIES[lang][k as keyof typeof messagesId].trim()).not.toBe('');
    }
  });

  it('both languages use the same placeholders for each key', () => {
    for (const k of keys as (keyof typeof messagesId)[]) {
      expect(placeholdersOf(DICTIONARIES.en[k]), k).toEqual(placeholdersOf(DICTIONARIES.id[k]));
    }
  });

  it('has a label for every sensor kind and field of the core', () => {
    for (const kind of SENSOR_KINDS) {
      expect(keys).toContain(`kind.${kind}`);
      for (const field of Object.keys(FIELDS[kind])) expect(keys).toContain(`field.${field}`);
    }
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('id', 'alerts.count', { shown: 3, total: 10 })).toBe('3 dari 10 peringatan');
    expect(translate('en', 'alerts.count', { shown: 3, total: 10 })).toBe('3 of 10 alerts');
    expect(translate('en', 'alerts.count', { shown: 3 })).toBe('3 of {total} alerts');
  });
});
