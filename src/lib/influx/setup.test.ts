import { describe, expect, it } from 'vitest';
import { retentionStatements } from '../core/rollup-statements';
import { parseInfluxConfig } from '../core/influx-config';
import { policyStatementsFor } from './setup';

describe('policyStatementsFor', () => {
  const config = parseInfluxConfig({ INFLUX_DB: 'pantau' });
  // A database set up by an ingest that keeps raw readings 90 days, before the events policy existed.
  const existing = [
    { name: 'autogen', duration: '2160h0m0s', default: true },
    { name: 'rollup_1m', duration: '17520h0m0s', default: false },
    { name: 'rollup_1h', duration: '0s', default: false }
  ];
  const all = retentionStatements('pantau', config.retention, existing);

  it('configure runs every statement: the default policy is brought back to the configured 30 days', () => {
    expect(all.some((q) => q.startsWith('ALTER RETENTION POLICY "autogen"'))).toBe(true);
    expect(policyStatementsFor('configure', all)).toEqual(all);
  });

  it('create-missing only creates: the missing events policy, never an ALTER of a duration', () => {
    const created = policyStatementsFor('create-missing', all);
    expect(created).toEqual([expect.stringMatching(/^CREATE RETENTION POLICY "events" ON "pantau" DURATION INF/)]);
  });

  it('create-missing on a database set up as configured runs nothing', () => {
    const done = [...existing.slice(1), { name: 'autogen', duration: '720h0m0s', default: true }, { name: 'events', duration: '0s', default: false }];
    expect(policyStatementsFor('create-missing', retentionStatements('pantau', config.retention, done))).toEqual([]);
  });
});
