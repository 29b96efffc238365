import { describe, expect, it } from 'vitest';
import { createLiveCopies } from './late-restore';
import { alert, event } from './test-fixtures';

describe('a late restore\'s quiet holds go by the copy heard live', () => {
  it('a resolution heard before the restore succeeded wins over the stored copy; unheard alerts keep theirs', () => {
    const live = createLiveCopies();
    const stored = alert({ severity: 'warning', updatedAt: 1_000 });
    live.note(event('resolved', { ...stored, state: 'resolved', resolvedAt: 5_000, updatedAt: 5_000 }, 5_000));
    expect(live.newest(stored).state).toBe('resolved');
    const other = alert({ id: 'other', severity: 'warning' });
    expect(live.newest(other)).toBe(other);
    live.stop();
    expect(live.newest(stored)).toBe(stored);
  });
});
