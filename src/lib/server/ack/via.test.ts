import { describe, expect, it } from 'vitest';
import { viaFromTokenId } from './via';

describe('viaFromTokenId', () => {
  it.each([
    ['email.3f9a1c', 'email'],
    ['whatsapp.x', 'whatsapp'],
    ['telegram.abc.def', 'telegram'],
    ['webpush.Zm9v', 'webpush']
  ])('names the channel of %s', (jti, via) => {
    expect(viaFromTokenId(jti)).toBe(via);
  });

  it.each(['', 'email', '.email', 'sms.123', 'EMAIL.1', 'console.1', 'link.1'])('calls %j a plain link', (jti) => {
    expect(viaFromTokenId(jti)).toBe('link');
  });
});
