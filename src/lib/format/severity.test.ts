import { describe, expect, it } from 'vitest';
import { ISPU_CATEGORIES } from '../core/air-index';
import { SIAGA_LEVELS } from '../core/flood-levels';
import { stateAtSeverity } from '../core/state-fixtures';
import { ispuColor } from '../insights/colors';
import { kindScale, stateColor } from './reading-label';
import { ALERT_COLORS, kindSeverityColor, SEVERITY_COLORS, STALE_COLOR } from './severity';

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

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('alert colours as text on the dark panels', () => {
  it('reach 4.5:1 on --panel (the info and warning badges draw their word in the colour)', () => {
    const panel = '#0f1726';
    expect(contrast(ALERT_COLORS.info, panel)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(ALERT_COLORS.warning, panel)).toBeGreaterThanOrEqual(4.5);
  });
});
