import { describe, expect, it } from 'vitest';
import type { RegisteredSensor } from '$lib/core/registry';
import { formChanges, type EditForm } from './edit-form';

const sensor: RegisteredSensor = {
  id: 'flood-a', kind: 'flood', name: 'Pos A', district: 'Palaran', lat: -0.5, lon: 117.1, intervalS: 60,
  flood: { siaga3: 240, siaga2: 250, siaga1: 260 }, downstream: ['flood-b'], status: 'active', revision: 3, updatedAt: 0, updatedBy: 'x'
};
const form = (over: Partial<EditForm> = {}): EditForm => ({
  name: 'Pos A', district: 'Palaran', lat: '-0.5', lon: '117.1', intervalS: '60', siaga3: '240', siaga2: '250', siaga1: '260', downstream: 'flood-b', status: 'active', ...over
});

describe('formChanges', () => {
  it('sends only what differs, numbers parsed', () => {
    expect(formChanges(sensor, form())).toEqual({ changes: {}, errors: [] });
    expect(formChanges(sensor, form({ siaga3: '230', status: 'maintenance' })).changes).toEqual({
      flood: { siaga3: 230, siaga2: 250, siaga1: 260 },
      status: 'maintenance'
    });
  });

  it('removes links when the field is emptied, and reports what is not a number', () => {
    expect(formChanges(sensor, form({ downstream: ' ' })).changes).toEqual({ downstream: null });
    expect(formChanges(sensor, form({ lat: 'utara' })).errors).toEqual(['lat must be a number']);
  });
});
