import { describe, expect, it } from 'vitest';
import { loggablePath } from './log-path';

describe('a request path for the log', () => {
  it('leaves an acknowledge link’s token out', () => {
    const token = 'eyJhIjoiZmxvb2QtYTpmbG9vZF9sZXZlbDoxIn0.c2lnbmF0dXJl';
    expect(loggablePath(`/ack/${token}`)).toBe('/ack/<token>');
    expect(loggablePath(`/ack/${token}/__data.json`)).toBe('/ack/<token>/__data.json');
    expect(loggablePath(`/ack/${token}`)).not.toContain(token);
  });

  it('keeps every other path, bounded', () => {
    expect(loggablePath('/api/alerts/x/deliveries')).toBe('/api/alerts/x/deliveries');
    expect(loggablePath('/acknowledge/abc')).toBe('/acknowledge/abc');
    expect(loggablePath(`/${'a'.repeat(500)}`)).toHaveLength(200);
  });
});
