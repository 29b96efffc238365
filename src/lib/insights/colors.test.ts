import { describe, expect, it } from 'vitest';
import { binOf, ispuColor, MACET_SHARE_BINS, SPEED_RATIO_BINS, UPTIME_BINS } from './colors';

describe('insights colour steps', () => {
  it('puts a share in the step it reaches', () => {
    expect(binOf(MACET_SHARE_BINS, 0)?.en).toBe('Never');
    expect(binOf(MACET_SHARE_BINS, 0.2)?.en).toBe('< 25 %');
    expect(binOf(MACET_SHARE_BINS, 0.5)?.en).toBe('≥ 50 %');
    expect(binOf(SPEED_RATIO_BINS, 0.1)?.en).toBe('< 30 %');
    expect(binOf(SPEED_RATIO_BINS, 0.69)?.en).toBe('50–70 %');
    expect(binOf(UPTIME_BINS, 0.95)?.en).toBe('≥ 95 %');
    expect(binOf(UPTIME_BINS, null)).toBeNull();
  });

  it('draws Berbahaya in the wall purple, not the official black', () => {
    expect(ispuColor('berbahaya')).toBe('#a23cc8');
    expect(ispuColor('baik')).toBe('#2e9d44');
  });
});
