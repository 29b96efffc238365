import { describe, expect, it } from 'vitest';
import { parseSensorTopic, sensorTopic } from './topic';

describe('sensor topics', () => {
  it('parses the documented scheme', () => {
    expect(parseSensorTopic('pantau/v1/sensors/flood/flood-benanga')).toEqual({ ok: true, kind: 'flood', sensorId: 'flood-benanga' });
    expect(parseSensorTopic(sensorTopic('air', 'air-palaran-1'))).toMatchObject({ ok: true, kind: 'air' });
  });
  it.each([
    ['pantau/v1/sensors/flood/+', 'bad_topic'],
    ['pantau/v1/sensors/flood/#', 'bad_topic'],
    ['pantau/v1/sensors/flood', 'bad_topic'],
    ['pantau/v1/sensors/flood/a/b', 'bad_topic'],
    ['pantau/v1/sensors/flood/A B', 'bad_topic'],
    ['pantau/v1/sensors/flood/x,y=1', 'bad_topic'],
    ['pantau/v1/sensors/flood/x"\n', 'bad_topic'],
    ['pantau/v1/sensors/noise/n1', 'unknown_kind'],
    ['other/v1/sensors/flood/x', 'bad_topic'],
    ['pantau/v1/sensors/flood/' + 'a'.repeat(65), 'bad_topic']
  ])('refuses %j as %s', (topic, code) => {
    expect(parseSensorTopic(topic)).toMatchObject({ ok: false, code });
  });
});
