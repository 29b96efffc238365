import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatReading } from '../../ingest/durable/influx-sink';
import { PROPERTIES } from './fuzz-properties';
import { parseLine } from './fuzz-line-parser';

describe('line protocol made from accepted readings and alert events', () => {
  it('a reading with any valid district is one line that parses back to it', () => {
    fc.assert(PROPERTIES['line protocol: readings'](), { numRuns: 1000 });
  });

  it('an alert event with any texts is one line that parses back to it', () => {
    fc.assert(PROPERTIES['line protocol: alert events'](), { numRuns: 500 });
  });
});

describe('the test parser itself', () => {
  it('parses escapes, strings, and numbers in exponent form', () => {
    expect(parseLine('m\\ x,t\\,1=a\\ b\\=c\\d f=1e-7,s="q\\"\\\\",b=true 42')).toEqual({
      measurement: 'm x',
      tags: { 't,1': 'a b=c\\d' }, // InfluxDB 1.x keeps a backslash before other characters
      fields: { f: 1e-7, s: 'q"\\', b: true },
      ts: 42
    });
  });

  it('refuses what a server would split or refuse, so the properties can fail', () => {
    expect(() => parseLine('m,t=a\nm2 f=1 1')).toThrow(/line break/);
    expect(() => parseLine('m,t= f=1 1')).toThrow(/empty tag/);
    expect(() => parseLine('m,t=a f=x 1')).toThrow(/bad number/);
    expect(() => parseLine('m,t=a b f=1 1')).toThrow();
    // An unescaped comma in a tag would add a tag: the round trip compares against the input.
    expect(parseLine('flood,district=a,b=c,sensor=s water_level=1 1').tags).toEqual({ district: 'a', b: 'c', sensor: 's' });
  });

  it('keeps backslashes in a district, except where they would escape a separator', () => {
    const line = (d: string) => formatReading({ sensorId: 's', kind: 'flood', ts: 1, values: { water_level: 1 } }, d);
    expect(parseLine(line('Loa Janan\\Ilir')).tags.district).toBe('Loa Janan\\Ilir');
    expect(parseLine(line('a\\')).tags).toEqual({ district: 'a/', sensor: 's' });
    expect(parseLine(line('a\\,b')).tags).toEqual({ district: 'a/,b', sensor: 's' });
  });

  it('formatReading of an empty district would be refused (the catalog validator forbids blank districts)', () => {
    const line = formatReading({ sensorId: 's', kind: 'flood', ts: 1, values: { water_level: 1 } }, '');
    expect(() => parseLine(line)).toThrow(/empty tag/);
  });
});
