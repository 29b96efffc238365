import { describe, it, expect } from 'vitest';
import { createLogBuffer, MAX_LINE_CHARS } from './log-buffer';

describe('createLogBuffer', () => {
  it('joins chunks into lines and returns the completed ones', () => {
    const buf = createLogBuffer(10);
    expect(buf.push('hel')).toEqual([]);
    expect(buf.push('lo\nwor')).toEqual(['hello']);
    expect(buf.push('ld\r\n')).toEqual(['world']);
    expect(buf.lines()).toEqual(['hello', 'world']);
  });

  it('keeps only the newest lines, plus the pending partial one', () => {
    const buf = createLogBuffer(3);
    buf.push('1\n2\n3\n4\n5\npart');
    expect(buf.text()).toBe('3\n4\n5\npart');
  });

  it('cuts a runaway line', () => {
    const buf = createLogBuffer(3);
    buf.push('x'.repeat(MAX_LINE_CHARS * 3));
    buf.push('\n');
    for (const line of buf.lines()) expect(line.length).toBeLessThanOrEqual(MAX_LINE_CHARS + 1);
  });
});
