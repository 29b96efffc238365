import { describe, expect, it } from 'vitest';
import { parseWebConfig } from './config';
import { redactUrl } from './redis-adapter';

describe('REDIS_URL', () => {
  it('is optional; when set it must be redis:// or rediss://', () => {
    expect(parseWebConfig({}).redisUrl).toBe('');
    expect(parseWebConfig({ REDIS_URL: 'rediss://user:pw@redis.internal:6380/2' }).redisUrl).toBe('rediss://user:pw@redis.internal:6380/2');
    expect(() => parseWebConfig({ REDIS_URL: 'http://redis:6379' })).toThrow(/REDIS_URL/);
    expect(() => parseWebConfig({ REDIS_URL: 'redis://' })).toThrow(/REDIS_URL/);
  });

  it('never shows the password in logs', () => {
    expect(redactUrl('redis://pantau:s3cret@10.0.0.5:6379/0')).toBe('redis://pantau:***@10.0.0.5:6379/0');
    expect(redactUrl('redis://:s3cret@host:6379')).toBe('redis://:***@host:6379');
    expect(redactUrl('redis://host:6379')).toBe('redis://host:6379');
  });
});
