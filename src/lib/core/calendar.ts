/**
 * Whether the fields of a written time name a real moment. Date.parse rolls impossible ones over
 * ("2026-02-30" is 2 March, "11-31" 1 December, "24:00" the next day, minute 61 the next hour): a
 * sensor clock writing such a time is broken, and a person asking for such a day must be told.
 * Used by the reading decoder and by the times people type (wita-time.ts).
 */
export function isCalendarTime(fields: readonly number[]): boolean {
  const [year, month, day, hour = 0, minute = 0, second = 0, zoneH = 0, zoneM = 0] = fields;
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (UTC, so no zone or DST shifts it).
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  return hour <= 23 && minute <= 59 && second <= 59 && zoneH <= 23 && zoneM <= 59;
}

/** The regex groups at `at` as numbers, absent ones 0: year, month, day, hour, minute, second, zone hours, zone minutes. */
export function groupNumbers(m: RegExpExecArray, at: readonly number[]): number[] {
  return at.map((i) => (m[i] === undefined ? 0 : Number(m[i])));
}
