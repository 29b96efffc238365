/** Up to a year (the API clamps hours to 8784); the server downsamples every range to ≤ 600 points, from rollups beyond a few hours. */
export const HOURS_CHOICES = [1, 6, 24, 72, 168, 720, 2160, 8760] as const;
export const DEFAULT_HOURS = 6;

export function parseHours(value: string | null): number {
  const asked = Number(value);
  return (HOURS_CHOICES as readonly number[]).includes(asked) ? asked : DEFAULT_HOURS;
}
