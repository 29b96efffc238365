import type { Forecast } from '../../src/lib/core/forecast';
import type { LiveReading, Reading } from '../../src/lib/core/reading';

export interface ForecastOutputDeps {
  /** The detection engine's latest forecast of a gauge (null: none yet, or not a river gauge). */
  forecast(sensorId: string): Forecast | null;
  /** Where forecasts are stored (the sink's journalled path). */
  write(forecasts: readonly Forecast[]): void;
}

/**
 * River forecasts out of the ingest: stored once per issue (the forecast the engine made after this
 * very reading, never a repeat of an older one), and attached to the gauge's live reading so the
 * live batch stays one entry per sensor. Memory: one number per flood gauge that has a forecast.
 */
export function createForecastOutput(deps: ForecastOutputDeps) {
  const writtenTs = new Map<string, number>();

  return {
    /** After the engine observed `reading`: stores the forecast it issued for it, if any. */
    afterReading(reading: Reading): void {
      if (reading.kind !== 'flood') return;
      const f = deps.forecast(reading.sensorId);
      // Only a forecast issued at this reading: a rainfall-only reading or a late one leaves the last as it was.
      if (!f || f.ts !== reading.ts || writtenTs.get(f.sensorId) === f.ts) return;
      writtenTs.set(f.sensorId, f.ts);
      deps.write([f]);
    },
    /** The live reading with the gauge's latest forecast, when it has one. */
    attach(live: LiveReading): LiveReading {
      if (live.kind !== 'flood') return live;
      const f = deps.forecast(live.sensorId);
      return f ? { ...live, forecast: f } : live;
    }
  };
}
