import { PantauError } from './errors';

/** Every process's config module reads integers the same way: default when unset, coded error when out of range. */
export function readIntEnv(env: Record<string, string | undefined>, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new PantauError(`CONFIG_${key}`, `${key} must be an integer in [${min}, ${max}], got "${raw}"`);
  return n;
}
