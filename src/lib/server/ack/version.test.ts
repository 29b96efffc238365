import { describe, expect, it } from 'vitest';
import type { Alert } from '../../core/alert';
import { alertVersion } from '../../core/alert-lifecycle';
import { auditDetail, formatAuditDetail } from '../../i18n/audit-detail';
import { testAlert } from '../alert-fixtures';
import { BEHIND_GIVE_UP_MS, catchUp } from './version';

const held = testAlert('s1:flood_level:1', 1);
/** A link about version 1000 of the alert, a worsening this server's copy has not heard. */
const claims = { alertId: held.id, personId: 'sari', exp: 0, jti: 'email.x1', version: 1_000 };

/** What catchUp's answer stores in the audit log: the English detail, the code and its values. */
async function said(hub: { refreshAlert?(id: string): Promise<Alert | undefined> }, at: number) {
  const r = await catchUp(hub, () => at, claims, held);
  if (!('status' in r)) throw new Error('caught up');
  return { status: r.status, fields: auditDetail(r.said.code, r.said.args) };
}

describe('an acknowledge link ahead of this server, in the audit log', () => {
  it('says it in the reader language, the English detail as it was', async () => {
    expect(alertVersion(held)).toBe(0);
    const unread = await said({}, 1_000 + 60_000);
    expect(unread.status).toBe('behind');
    expect(unread.fields.detail).toBe('link email.x1 is about version 1000, this server has 0 (not read back)');
    expect(formatAuditDetail('id', unread.fields)).toBe('tautan email.x1 tentang versi 1000, server ini punya versi 0 (tidak dibaca ulang)');
    expect(formatAuditDetail('en', unread.fields)).toBe(unread.fields.detail);

    const read = await said({ refreshAlert: async () => held }, 1_000 + BEHIND_GIVE_UP_MS + 1);
    expect(read.status).toBe('failed');
    expect(read.fields.detail).toBe('link email.x1 is about version 1000, this server has 0 (read back from InfluxDB), past the wait: call the command center');
    expect(formatAuditDetail('id', read.fields)).toBe('tautan email.x1 tentang versi 1000, server ini punya versi 0 (sudah dibaca ulang dari InfluxDB), lewat batas tunggu: hubungi pusat komando');
  });

  it('names why it was not read back, and waits on (a failed read says nothing of the hub catching up)', async () => {
    const failed = await said({ refreshAlert: () => Promise.reject(new Error('timeout')) }, 1_000 + BEHIND_GIVE_UP_MS + 1);
    expect(failed.status).toBe('behind');
    expect(failed.fields.detail).toBe('link email.x1 is about version 1000, this server has 0 (not read back: timeout)');
    expect(formatAuditDetail('id', failed.fields)).toBe('tautan email.x1 tentang versi 1000, server ini punya versi 0 (gagal dibaca ulang: timeout)');
  });
});
