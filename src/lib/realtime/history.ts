/** Up to a year (the API clamps hours to 8784); the server downsamples every range to ≤ 600 points, from rollups beyond a few hours. */
export const HOURS_CHOICES = [1, 6, 24, 72, 168, 720, 2160, 8760] as const;
export const DEFAULT_HOURS = 6;

export function parseHours(value: string | null): number {
  const asked = Number(value);
  return (HOURS_CHOICES as readonly number[]).includes(asked) ? asked : DEFAULT_HOURS;
}

/** How a range button reads: hours up to a day, then days, then years ("720 jam" means nothing to anyone). */
export function rangeLabel(hours: number): { key: 'sensor.hours' | 'sensor.days' | 'sensor.years'; params: { n: number } } {
  if (hours >= 8760 && hours % 8760 === 0) return { key: 'sensor.years', params: { n: hours / 8760 } };
  if (hours > 24 && hours % 24 === 0) return { key: 'sensor.days', params: { n: hours / 24 } };
  return { key: 'sensor.hours', params: { n: hours } };
}
