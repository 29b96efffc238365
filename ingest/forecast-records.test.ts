import { describe, expect, it } from 'vitest';
import { formatTrackRecordLine, keepTrackRecords, restoredLine, trackRecordQuery, trackStatesFromRow, trackStatesFromSeries } from './forecast-records';
import type { GaugeTrackStates } from './forecast/track-record';

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

describe('keeping the records while running', () => {
  const MINE = { sensorId: 'g', horizons: [{ horizonMin: 60, err: 1, persistence: 10, moves: 2, lastMs: 1_733_400_000_000 }] };
  const OTHER = { sensorId: 'new', horizons: [{ horizonMin: 30, err: 2, persistence: 8, moves: 3, lastMs: 1_733_400_000_000 }] };
  /** An engine whose gauges hold `held` records; a restore replaces a gauge's (the real one merges: track-record.test.ts). */
  function world(held: GaugeTrackStates[] = [MINE]) {
    const states = new Map(held.map((g) => [g.sensorId, g]));
    const restored: GaugeTrackStates[] = [];
    const engine = {
      forecastTrackStates: () => [...states.values()],
      restoreForecastTrackStates: (s: readonly GaugeTrackStates[]) => {
        for (const g of s) if (states.has(g.sensorId)) (states.set(g.sensorId, g), restored.push(g));
        return s.length;
      }
    };
    const written: string[] = [];
    const sink = { writeForecastRecords: async (lines: readonly string[]) => void written.push(...lines) };
    return { engine, sink, written, restored, states };
  }
  const never = async (): Promise<GaugeTrackStates[]> => {
    throw new Error('read');
  };

  it('saves hourly and at a stop when the start read the stored records', async () => {
    const w = world();
    const keeper = keepTrackRecords({ ...w, read: never, sought: ['g'], log: () => {} });
    await keeper.hourly(5);
    keeper.atStop(6);
    expect(w.written).toEqual([formatTrackRecordLine(MINE, 5), formatTrackRecordLine(MINE, 6)]);
  });

  it('when the start could not read them (InfluxDB away), reads them before saving over them, once, and never saves a run\'s thin record as the newest before', async () => {
    const w = world([{ ...STATE, horizons: MINE.horizons }]);
    const logs: string[] = [];
    const asked: string[][] = [];
    const read = async (ids: readonly string[]) => {
      asked.push([...ids]);
      if (asked.length === 1) throw new Error('connect ECONNREFUSED');
      return [STATE];
    };
    const keeper = keepTrackRecords({ ...w, read, sought: [], log: (l) => logs.push(l) });
    await keeper.hourly(5);
    keeper.atStop(6);
    expect(w.written).toEqual([]);
    expect(logs[0]).toMatch(/could not read the stored forecast track records of 1 gauge \(connect ECONNREFUSED\)/);
    await Promise.all([keeper.hourly(7), keeper.hourly(7)]); // an hour that overlaps a slow read reads nothing twice
    await keeper.hourly(8);
    expect(asked).toEqual([[STATE.sensorId], [STATE.sensorId]]);
    expect(w.restored).toEqual([STATE]);
    expect(w.written).toEqual([formatTrackRecordLine(STATE, 7), formatTrackRecordLine(STATE, 8)]);
  });

  it('reads the stored record of a gauge that joined while running before its first save, and keeps saving the others meanwhile', async () => {
    const w = world();
    let fail = true;
    const asked: string[][] = [];
    const read = async (ids: readonly string[]) => {
      asked.push([...ids]);
      if (fail) throw new Error('timeout');
      return [OTHER];
    };
    const keeper = keepTrackRecords({ ...w, read, sought: ['g'], log: () => {} });
    await keeper.hourly(5);
    expect(asked).toEqual([]);
    w.states.set('new', { sensorId: 'new', horizons: [{ horizonMin: 30, err: 0.1, persistence: 0.5, moves: 1, lastMs: 1_733_500_000_000 }] });
    await keeper.hourly(6); // the read fails: the newcomer's hour-old record is not stored over its weeks
    fail = false;
    await keeper.hourly(7);
    await keeper.hourly(8);
    expect(asked).toEqual([['new'], ['new']]);
    expect(w.written).toEqual([5, 6, 7, 8].flatMap((t) => [formatTrackRecordLine(MINE, t), ...(t >= 7 ? [formatTrackRecordLine(OTHER, t)] : [])]));
  });

  it('reads a gauge again when it comes back after it was gone (a new forecaster, a fresh record)', async () => {
    const w = world();
    const asked: string[][] = [];
    const keeper = keepTrackRecords({ ...w, read: async (ids) => (asked.push([...ids]), [MINE]), sought: ['g'], log: () => {} });
    w.states.delete('g');
    await keeper.hourly(5);
    w.states.set('g', { sensorId: 'g', horizons: [{ horizonMin: 60, err: 0, persistence: 1, moves: 1, lastMs: 1_733_400_000_000 }] });
    await keeper.hourly(6);
    expect(asked).toEqual([['g']]);
    expect(w.written).toEqual([formatTrackRecordLine(MINE, 6)]);
  });
});

describe('the restore log line', () => {
  it('counts gauges and horizons in words, says when it came late, and is silent when nothing was taken', () => {
    expect(restoredLine({ gauges: 1, horizons: 1 })).toBe('forecast track records of 1 gauge restored (1 horizon)');
    expect(restoredLine({ gauges: 3, horizons: 7 }, true)).toBe('forecast track records of 3 gauges restored late (7 horizons)');
    expect(restoredLine({ gauges: 0, horizons: 0 })).toBeNull();
  });
});
