/**
 * How a bench that starts processes ends: exit 0 once `main` is done, so a stray handle (a child's pipe, a broker
 * socket) cannot keep it alive after the results are written; exit 1 with the stack when it failed, under the
 * bench's own name so a CI log says which bench broke.
 */
export function runBench(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(`[bench:${name}] failed: ${(err as Error).stack ?? err}`);
      process.exit(1);
    }
  );
}
