import type { ChildProcess } from 'node:child_process';

/**
 * Children we started must not outlive us. Every tracked child gets SIGKILL when this
 * process exits; on SIGINT/SIGTERM we do the same and exit, unless the program installed
 * its own handler for that signal (then it owns the orderly shutdown and we only back it up on exit).
 */
const living = new Set<ChildProcess>();
let installed = false;

export function trackChild(child: ChildProcess): void {
  install();
  living.add(child);
  child.once('exit', () => living.delete(child));
}

/** SIGKILL every tracked child that is still running (synchronous: safe in an exit handler). */
export function killAllChildren(): void {
  for (const child of living) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  living.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllChildren);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) > 1) return;
      killAllChildren();
      process.exit(code);
    });
  }
}
