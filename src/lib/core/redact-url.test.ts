import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('hides the password, keeps the user, host and path', () => {
    expect(redactUrl('mqtt://pantau-ingest:S3cret@broker:1883')).toBe('mqtt://pantau-ingest:***@broker:1883');
    expect(redactUrl('redis://:s3cret@host:6379/0')).toBe('redis://:***@host:6379/0');
    expect(redactUrl('http://u:p%40ss@influx:8086')).toBe('http://u:***@influx:8086');
    expect(redactUrl('mqtt://only-user@broker:1883')).toBe('mqtt://only-user@broker:1883');
    expect(redactUrl('mqtt://broker:1883/path@x')).toBe('mqtt://broker:1883/path@x');
  });

  it('takes the user info up to the last @ of the host part, as mqtt.js (url.parse) and URL read it', () => {
    // mqtt.js logs in as "ops@example.org" with password "S3cret", and with password "abc@def".
    expect(redactUrl('mqtt://ops@example.org:S3cret@broker:1883')).toBe('mqtt://ops@example.org:***@broker:1883');
    expect(redactUrl('mqtt://ingest:abc@def@broker:1883')).toBe('mqtt://ingest:***@broker:1883');
    // mqtt.js splits user and password at the last ':', URL at the first: everything after the first is hidden.
    expect(redactUrl('mqtt://ingest:abc:def@broker')).toBe('mqtt://ingest:***@broker');
  });
});
