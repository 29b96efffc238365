import { describe, expect, it } from 'vitest';
import { clientAddress, parseProxyConfig } from './client-address';

describe('clientAddress', () => {
  it('uses the peer address unless a proxy header is trusted', () => {
    const none = parseProxyConfig({});
    expect(clientAddress({ 'x-forwarded-for': '6.6.6.6' }, '10.0.0.1', none)).toBe('10.0.0.1');
    const xff = parseProxyConfig({ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1' });
    // The client may prepend anything; the entry our proxy appended is the rightmost.
    expect(clientAddress({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7' }, '10.0.0.1', xff)).toBe('203.0.113.7');
    expect(clientAddress({}, '10.0.0.1', xff)).toBe('10.0.0.1');
    expect(clientAddress({ 'x-real-ip': ' 198.51.100.2 ' }, '10.0.0.1', parseProxyConfig({ ADDRESS_HEADER: 'x-real-ip' }))).toBe('198.51.100.2');
  });

  it('refuses bad settings', () => {
    expect(() => parseProxyConfig({ XFF_DEPTH: '0' })).toThrow(/XFF_DEPTH/);
    expect(() => parseProxyConfig({ ADDRESS_HEADER: 'a b' })).toThrow(/ADDRESS_HEADER/);
  });
});
