import { describe, expect, it } from 'vitest';
import { REFUSED_FULL } from '../server/socket-hub';
import { REFUSED_LOGIN, REFUSED_ORIGIN } from '../server/identity';
import { errorText } from './error-text';

describe('errorText', () => {
  it('says the client and server error codes in Indonesian and in English', () => {
    for (const code of ['not-connected', 'no-answer', 'forbidden', 'too many requests', REFUSED_LOGIN, REFUSED_ORIGIN, REFUSED_FULL]) {
      const id = errorText('id', code);
      const en = errorText('en', code);
      expect(id).not.toContain(code);
      expect(id).not.toBe(en);
      expect(id.length).toBeGreaterThan(3);
    }
    expect(errorText('id', 'forbidden')).toBe('Anda tidak berhak melakukan ini');
    expect(errorText('en', 'not-connected')).toBe('not connected to the server');
  });

  it('shows an unknown server text inside a translated sentence, and no prototype key counts as known', () => {
    expect(errorText('id', 'disk full')).toBe('kesalahan server (disk full)');
    expect(errorText('en', 'constructor')).toBe('server error (constructor)');
  });
});
