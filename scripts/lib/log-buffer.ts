/**
 * A bounded buffer of the most recent log lines of a child process.
 * Children can log without end; tests and error messages only need the tail.
 */
export interface LogBuffer {
  /** Feed a raw chunk; partial lines are kept until their newline arrives. */
  push(chunk: string | Buffer): string[];
  /** The kept lines, oldest first, joined with newlines (a pending partial line included). */
  text(): string;
  lines(): string[];
}

export const DEFAULT_LOG_LINES = 2000;
/** A single line longer than this is cut: one runaway line must not defeat the bound. */
export const MAX_LINE_CHARS = 8192;

export function createLogBuffer(maxLines = DEFAULT_LOG_LINES): LogBuffer {
  const kept: string[] = [];
  let partial = '';
  const keep = (line: string) => {
    kept.push(line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) + '…' : line);
    if (kept.length > maxLines) kept.splice(0, kept.length - maxLines);
  };
  return {
    push(chunk) {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      if (partial.length > MAX_LINE_CHARS) {
        parts.push(partial);
        partial = '';
      }
      const complete = parts.map((l) => l.replace(/\r$/, ''));
      complete.forEach(keep);
      return complete;
    },
    lines: () => (partial ? [...kept, partial] : [...kept]),
    text() {
      return this.lines().join('\n');
    }
  };
}
