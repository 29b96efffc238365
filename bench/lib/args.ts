import { resolve } from 'node:path';

/** A bench's integer option, refused with its name and range rather than run with a surprise. */
export function intArg(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in ${min}..${max}`);
  return n;
}

/**
 * A path given on a bench's command line, as the caller meant it: npm runs scripts in the repo
 * root, and INIT_CWD is where `npm run` was called (`npm --prefix` from elsewhere included).
 */
export function callerPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}
