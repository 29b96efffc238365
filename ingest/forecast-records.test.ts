import { describe, expect, it } from 'vitest';
import { formatTrackRecordLine, trackRecordQuery, trackStatesFromRow, trackStatesFromSeries } from './forecast-records';

const STATE = { sensorId: 'flood gunung,lingai="x"', horizons: [{ horizonMin: 60, err: 12.5, persistence: 40.25, moves: 17.75, lastMs: 1_733_400_000_000 }] };

describe('forecast track records as stored (measurement forecast_record)', () => {
  it('writes one line per gauge (ms precision, as every ingest write) with the sensor escaped as a tag and four floats per horizon', () => {
    const line = formatTrackRecordLine(STATE, 1_733_400_600_000);
    expect(line).toBe(
      'forecast_record,sensor=flood\\ gunung\\,lingai\\="x" h60_err=12.5,h60_persistence=40.25,h60_moves=17.75,h60_last=1733400000000 1733400600000'
    );
  });

  it('reads a row back to the same numbers, leaving out a horizon with a missing or impossible one', () => {
    const row = { time: 1, h60_err: 12.5, h60_persistence: 40.25, h60_moves: 17.75, h60_last: 1_733_400_000_000, h30_err: -1, h30_persistence: 3, h30_moves: 20, h30_last: 5, h120_err: 1 };
    expect(trackStatesFromRow(STATE.sensorId, row)).toEqual(STATE);
    const series = [{ tags: { sensor: STATE.sensorId }, columns: Object.keys(row), values: [Object.values(row)] }, { tags: { sensor: 'empty' }, columns: ['time'], values: [[1]] }];
    expect(trackStatesFromSeries(series)).toEqual([STATE]);
  });

  it('asks for the newest point per gauge with every id quoted as an InfluxQL string', () => {
    const q = trackRecordQuery(["it's", 'b'], 14 * 86_400_000, 14);
    expect(q).toBe(`SELECT * FROM "forecast_record" WHERE time > 0ms AND ("sensor" = 'it\\'s' OR "sensor" = 'b') GROUP BY "sensor" ORDER BY time DESC LIMIT 1`);
  });
});
