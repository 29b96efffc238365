import { describe, expect, it } from 'vitest';
import { ISPU_CATEGORIES } from '../core/air-index';
import { SIAGA_LEVELS } from '../core/flood-levels';
import { stateAtSeverity } from '../core/state-fixtures';
import { ispuColor } from '../insights/colors';
import { kindScale, stateColor } from './reading-label';
import { kindSeverityColor, SEVERITY_COLORS, STALE_COLOR } from './severity';

describe('kindSeverityColor: one colour per state on every page', () => {
  it('draws air in the official ISPU colours (Sedang blue, Tidak Sehat yellow), Berbahaya visible on a dark screen', () => {
    for (const c of ISPU_CATEGORIES.filter((c) => c.key !== 'berbahaya')) expect(kindSeverityColor('air', c.level)).toBe(c.color);
    expect(kindSeverityColor('air', 1)).toBe('#2f6fd6');
    expect(kindSeverityColor('air', 4)).toBe(SEVERITY_COLORS[4]);
    expect(kindSeverityColor('air', -1)).toBe(STALE_COLOR);
  });

  it('keeps flood and traffic on the Siaga scale', () => {
    for (const l of SIAGA_LEVELS) {
      expect(kindSeverityColor('flood', l.severity)).toBe(l.color);
      expect(kindSeverityColor('traffic', l.severity)).toBe(l.color);
    }
  });

  it('gives the map and lists, the wall legend and /insights the same colour for each ISPU category', () => {
    const legend = kindScale('air', 'id');
    for (const c of ISPU_CATEGORIES) {
      const shown = stateColor(stateAtSeverity('air', c.level));
      expect(shown).toBe(ispuColor(c.key));
      expect(legend[c.level].color).toBe(shown);
    }
  });
});
