import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSensorTopic } from '../../src/lib/core/topic';
import { PROPERTIES } from './fuzz-properties';

describe('topics and the whole message path', () => {
  it('parseSensorTopic never throws and accepts only pantau/v1/sensors/<kind>/<id>', () => {
    fc.assert(PROPERTIES['topic: parse'](), { numRuns: 1000 });
  });

  it('createMessageDecoder: every accepted reading is valid and formats to a line that parses back', () => {
    fc.assert(PROPERTIES['message decoder: topic + payload'](), { numRuns: 500 });
  });

  it('refuses line-protocol metacharacters in sensor ids', () => {
    for (const id of ['a,b=c', 'x y', 'a\nb', 'a"b', 'A', '-a', 'a/b', 'a\\b', 'a=b'.repeat(1)]) {
      expect(parseSensorTopic(`pantau/v1/sensors/flood/${id}`)).toMatchObject({ ok: false, code: 'bad_topic' });
    }
  });
});
