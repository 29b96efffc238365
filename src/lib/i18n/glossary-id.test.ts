import { describe, it, expect } from 'vitest';
import { messagesId } from './messages-id';
import { auditMessagesId } from './messages-audit-id';
import { refusalMessagesId } from './messages-refusal-id';
import { storeRefusalMessagesId } from './messages-refusal-store-id';
import { SEVERITY_WORDS } from '../reports/templates';

/**
 * The Indonesian glossary: one word per concept, the one the console's own buttons and page titles use, so an
 * operator reads in /audit, a refusal or an acknowledge link the word they clicked.
 * - a notification channel: "saluran" (the people page: heading Saluran, button Tambah saluran), not "kanal",
 *   which also reads as a canal in a flood city; a Telegram channel's own name (@namakanal) stays Telegram's word.
 * - acknowledge an alert: "tangani / ditangani / penanganan" (button Tangani, state Ditangani), not
 *   "akui / diakui / pengakuan", "konfirmasi" or "terima / diterima" (the alert's recipient stays "penerima").
 * - no longer covered by any team: "tidak ditanggung" (the audit log's), so "ditangani" keeps one meaning.
 * - a decommissioned sensor: "dinonaktifkan" (button Nonaktifkan, status Dinonaktifkan), not "dipensiunkan".
 * - the person on call: "petugas piket" (the people page: Piket sekarang, Orang & piket), not "petugas siaga":
 *   Siaga is a flood level (Siaga 2) on every other page.
 * - an alert that got worse: "meningkat" (the alerts page's badge Meningkat), not "dieskalasi" / "naik tingkat";
 *   "dieskalasi ke cadangan" stays the paging chain's word (a person called next).
 * - one on-call shift: "giliran (jaga)" (button Tambah giliran); "jadwal piket" is the whole rota only.
 * - a comment on an alert: "catatan" (button Catatan), not "komentar".
 * - a command-center shift (reports): "giliran jaga" as the people page's shift, not the English "shift".
 * - an alert raised: "muncul" (the alerts page: Muncul {time}), not "naik", which is the water's rise.
 * - maintenance: "perawatan" (the registry's status Perawatan, the reports' "peringatan perawatan sensor"), not
 *   "pemeliharaan", so the alerts page's category and the sensor's status read as one thing.
 * - a web push channel: "notifikasi aplikasi", not "Push aplikasi"; a Telegram chat id: "id obrolan".
 */
const DROPPED: [RegExp, string][] = [
  [/(^|[^@\p{L}])kanal/iu, 'saluran'],
  [/\b(di|meng|peng)?aku(i|an)\b/i, 'tangani / ditangani / penanganan'],
  [/konfirmasi/i, 'tangani / penanganan'],
  [/\b(di|pe)?(te|ne)?rima(an)?\b(?! kasih)|menerima peringatan/i, 'tangani / ditangani / penanganan'],
  [/ditangani tim/i, 'ditanggung tim'],
  [/pensiun/i, 'dinonaktifkan'],
  [/jadwal piket (di|ini|itu|\{)/i, 'giliran jaga (a single shift)'],
  [/push aplikasi|chat id/i, 'notifikasi aplikasi / id obrolan'],
  [/komentar/i, 'catatan'],
  [/\bshift\b/i, 'giliran jaga'],
  [/^naik$|peringatan naik/i, 'muncul (an alert raised)'],
  [/pemeliharaan/i, 'perawatan'],
  [/petugas siaga/i, 'petugas piket'],
  [/^dieskalasi$/i, 'meningkat (an alert that got worse)']
];

const ALL: Record<string, string> = {
  ...messagesId,
  ...Object.fromEntries(Object.entries(auditMessagesId).map(([k, v]) => [`audit:${k}`, v])),
  ...Object.fromEntries(Object.entries(refusalMessagesId).map(([k, v]) => [`refusal:${k}`, v])),
  ...Object.fromEntries(Object.entries(storeRefusalMessagesId).map(([k, v]) => [`store:${k}`, v]))
};

describe('Indonesian glossary', () => {
  // placeholders ({shift}) are code, not words, so they are left out of the scan
  it('no Indonesian message uses a dropped variant of a glossary term', () => {
    const found = Object.entries(ALL).flatMap(([key, text]) =>
      DROPPED.filter(([re]) => re.test(text.replace(/\{[^}]*\}/g, ''))).map(([, want]) => `${key}: "${text}" (use ${want})`)
    );
    expect(found).toEqual([]);
  });

  it('keeps the words the console shows and a Telegram channel name', () => {
    expect(messagesId['alerts.acknowledge']).toBe('Tangani');
    expect(messagesId['people.addChannel']).toBe('Tambah saluran');
    expect(refusalMessagesId.telegram).toContain('@namakanal');
    expect(DROPPED.some(([re]) => re.test('@namakanal'))).toBe(false);
  });

  it("reports name a severity with the console's word (a warning is Waspada, not Peringatan: that is an alert)", () => {
    for (const k of ['critical', 'warning', 'info'] as const) expect(SEVERITY_WORDS[k].id).toBe(messagesId[`severity.${k}`]);
  });
});
