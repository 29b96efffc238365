import { describe, it, expect } from 'vitest';
import { testRunNeedsBuild } from './build';

describe('testRunNeedsBuild', () => {
  it('builds for a full run and for integration or e2e paths', () => {
    expect(testRunNeedsBuild([])).toBe(true);
    expect(testRunNeedsBuild(['tests/integration/services.test.ts'])).toBe(true);
    expect(testRunNeedsBuild(['tests/e2e'])).toBe(true);
    expect(testRunNeedsBuild(['src/lib', 'tests/e2e/wall.test.ts'])).toBe(true);
    expect(testRunNeedsBuild(['--project', 'e2e'])).toBe(true);
  });

  it('skips the build when only unit tests run', () => {
    expect(testRunNeedsBuild(['tests/unit'])).toBe(false);
    expect(testRunNeedsBuild(['./src/lib/core', 'ingest/decode-message.test.ts'])).toBe(false);
    expect(testRunNeedsBuild(['--project', 'unit'])).toBe(false);
    expect(testRunNeedsBuild(['--project=unit', '-t', 'ISPU'])).toBe(false);
    expect(testRunNeedsBuild(['--project', 'unit', '--project', 'unit-isolated'])).toBe(false);
  });

  it('does not mistake a path that only starts like a unit folder', () => {
    expect(testRunNeedsBuild(['scriptsx/foo.test.ts'])).toBe(true);
    expect(testRunNeedsBuild(['tests/unitx'])).toBe(true);
  });
});
