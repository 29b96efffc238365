import { describe, expect, it } from 'vitest';
import { testAlert } from '../../src/lib/server/alert-fixtures';
import { needsRelabel, relabeledAlert, replaceName } from './alert-relabel';

const base = {
  ...testAlert('g:flood_level:1', 100),
  sensorName: 'Gauge 1',
  title: { id: 'Siaga 2 · Gauge 1 230 cm', en: 'Level 2 · Gauge 1 230 cm' },
  explanation: { id: 'Gauge 1 di atas Siaga 2 (Gauge 1 hulu ikut naik)', en: 'Gauge 1 above Level 2' },
  action: { id: 'Siagakan tim', en: 'Alert the team' }
};

describe('an open alert after its sensor was renamed or moved', () => {
  it('needs a new label only when the name or district differ', () => {
    expect(needsRelabel(base, { name: 'Gauge 1', district: base.district })).toBe(false);
    expect(needsRelabel(base, { name: 'Gauge 1', district: 'Sungai Pinang' })).toBe(true);
    expect(needsRelabel(base, { name: 'Pos 1', district: base.district })).toBe(true);
  });

  it('takes the new name in its texts, every place it was written, in both languages, and the new district', () => {
    const a = relabeledAlert(base, { name: 'Pos TMA Satu', district: 'Sungai Pinang' }, 500);
    expect([a.sensorName, a.district, a.updatedAt]).toEqual(['Pos TMA Satu', 'Sungai Pinang', 500]);
    expect(a.title).toEqual({ id: 'Siaga 2 · Pos TMA Satu 230 cm', en: 'Level 2 · Pos TMA Satu 230 cm' });
    expect(a.explanation.id).toBe('Pos TMA Satu di atas Siaga 2 (Pos TMA Satu hulu ikut naik)');
    expect(a.action).toEqual(base.action);
    expect([a.id, a.raisedAt, a.state]).toEqual([base.id, base.raisedAt, base.state]);
  });

  it('is dated after its last change even when the registry clock is behind, so it wins every merge', () => {
    expect(relabeledAlert(base, { name: 'X', district: base.district }, 50).updatedAt).toBe(101);
  });

  it('a district move alone leaves the texts as they were', () => {
    const a = relabeledAlert(base, { name: 'Gauge 1', district: 'Palaran' }, 500);
    expect([a.title, a.explanation]).toEqual([base.title, base.explanation]);
  });

  it('leaves another sensor\'s longer name that holds the old one as written (an upstream warning names its upstream gauge)', () => {
    const a = {
      ...base,
      sensorName: 'Pos Karang Mumus',
      title: { id: 'Peringatan hulu · Pos Karang Mumus', en: 'Upstream warning · Pos Karang Mumus' },
      explanation: { id: 'Pos Karang Mumus Hulu naik; Pos Karang Mumus menyusul', en: 'Pos Karang Mumus Hulu rose; Pos Karang Mumus follows' }
    };
    const r = relabeledAlert(a, { name: 'Pos KM', district: base.district }, 500, ['Pos Karang Mumus Hulu', 'Benanga']);
    expect(r.title.en).toBe('Upstream warning · Pos KM');
    expect(r.explanation.en).toBe('Pos Karang Mumus Hulu rose; Pos KM follows');
    expect(r.explanation.id).toBe('Pos Karang Mumus Hulu naik; Pos KM menyusul');
  });
});

describe('replacing a name in a text', () => {
  it('replaces each standing occurrence once, also when the new name holds the old one', () => {
    expect(replaceName('KP3 at KP3', 'KP3', 'Pos KP3', [])).toBe('Pos KP3 at Pos KP3');
    expect(replaceName('Hulu KP3 and KP3', 'KP3', 'X', ['Hulu KP3'])).toBe('Hulu KP3 and X');
    // a longer name that would start before the text does is no match
    expect(replaceName('KP3 Hulu', 'KP3', 'X', ['Pos KP3'])).toBe('X Hulu');
  });
});
