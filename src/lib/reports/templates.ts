import type { AlertEventType, AlertSeverity } from '../core/alert';
import type { Lang } from '../i18n/translate';
import type { ReportFacts } from './facts';
import { KIND_LABELS, levelLabel } from './labels';
import { links } from './links';
import { at, joinParts, num, word, type Section, type Sentence } from './sentence';
import type { ReportPeriod } from './types';

/**
 * Sentences of the first sections, each from one template over computed facts (ID and EN side by
 * side). No sentence states anything the facts do not hold; every number links to its page.
 */
const L = <T>(lang: Lang, id: T, en: T) => (lang === 'id' ? id : en);

const EVENT_WORDS: Record<AlertEventType, { id: string; en: string }> = {
  raised: { id: 'muncul', en: 'raised' }, updated: { id: 'berubah', en: 'updated' }, escalated: { id: 'meningkat', en: 'escalated' },
  acknowledged: { id: 'ditangani', en: 'acknowledged' }, assigned: { id: 'ditugaskan', en: 'assigned' }, commented: { id: 'diberi catatan', en: 'commented' },
  stepped: { id: 'langkah dicentang', en: 'step ticked' }, resolved: { id: 'selesai', en: 'resolved' }
};
export const SEVERITY_WORDS: Record<AlertSeverity, { id: string; en: string }> = {
  critical: { id: 'Kritis', en: 'Critical' }, warning: { id: 'Waspada', en: 'Warning' }, info: { id: 'Info', en: 'Info' }
};

/**
 * The steps a worst episode's sentence names: no procedure ticks or comments, and no `updated` at
 * the level of the step before it (a forecast warning retelling its time: up to 43 per alert on
 * bench:rivers, which filled the sentence with "berubah (ingest) 07.01, berubah (ingest) 07.02, …").
 */
function namedSteps(timeline: ReportFacts['alerts']['worst'][number]['timeline']): ReportFacts['alerts']['worst'][number]['timeline'] {
  return timeline.filter((t, i) => t.type !== 'stepped' && t.type !== 'commented' && !(t.type === 'updated' && i > 0 && timeline[i - 1].level === t.level));
}

export function alertsSection(f: ReportFacts, lang: Lang, p: ReportPeriod): Section {
  const a = f.alerts;
  const s: Sentence[] = [];
  const kinds = joinParts(lang, a.byKind.map((k) => [num(lang, k.count, links.periodAlerts(p, { kind: k.kind })), ` ${word(lang, KIND_LABELS[k.kind]).toLowerCase()}`]));
  s.push([
    L(lang, 'Tercatat ', 'There were '), num(lang, a.emergency, links.periodAlerts(p)), L(lang, ' peringatan darurat', ' emergency alerts'),
    ...(a.byKind.length ? [': ', ...kinds] : []),
    L(lang, '; serta ', '; and '), num(lang, a.maintenance, links.periodAlerts(p, { category: 'maintenance' })), L(lang, ' peringatan perawatan sensor.', ' sensor maintenance alerts.')
  ]);
  if (a.byDistrict.length) {
    s.push([L(lang, 'Per kecamatan: ', 'By district: '), ...joinParts(lang, a.byDistrict.map((d) => [{ text: d.district, href: links.districts() }, ' ', num(lang, d.count, links.periodAlerts(p, { district: d.district }))])), '.']);
  }
  if (a.byLevel.length) {
    s.push([L(lang, 'Menurut tingkat: ', 'By level: '), ...joinParts(lang, a.byLevel.map((l) => [`${word(lang, levelLabel(l.rule, l.level))} `, num(lang, l.count, links.periodAlerts(p, { rule: l.rule, level: l.level }))])), '.']);
  }
  for (const e of a.worst) {
    const end = e.alert.resolvedAt ?? p.end;
    const steps = namedSteps(e.timeline);
    s.push([
      { text: e.alert.sensorName, href: links.sensor(e.alert.sensorId) }, ` (${e.alert.district}) — ${word(lang, levelLabel(e.alert.rule, e.maxLevel))}, `,
      num(lang, e.durationMin, links.replay(e.alert.raisedAt - 1_800_000, end + 1_800_000)), L(lang, ' menit: ', ' min: '),
      ...joinParts(lang, steps.map((t) => [`${EVENT_WORDS[t.type][lang]}${t.by && t.type !== 'raised' && t.type !== 'resolved' ? ` (${t.by})` : ''} `, at(lang, t.at, links.replay(t.at - 600_000, t.at + 600_000))])),
      '.'
    ]);
  }
  return { key: 'alerts', title: L(lang, 'Yang terjadi', 'What happened'), sentences: s };
}

export function responseSection(f: ReportFacts, lang: Lang, p: ReportPeriod): Section {
  const r = f.response;
  const s: Sentence[] = r.bySeverity.map((x) => [
    `${SEVERITY_WORDS[x.severity][lang]}: `, num(lang, x.count, links.periodAlerts(p, { severity: x.severity })), L(lang, ' peringatan; ', ' alerts; '),
    num(lang, x.ackOnTime, links.periodAlerts(p, { severity: x.severity })), L(lang, ` ditangani dalam target ${x.targetAckMin} menit`, ` acknowledged within the ${x.targetAckMin}-minute target`),
    ...(x.medianAckMin === null ? [] : [L(lang, ' (median ', ' (median '), num(lang, x.medianAckMin, links.periodAlerts(p, { severity: x.severity }), 1), L(lang, ' menit)', ' min)')]),
    `, ${x.count - x.acknowledged} ${L(lang, 'tidak ditangani', 'never acknowledged')}; `,
    num(lang, x.resolvedOnTime, links.periodAlerts(p, { severity: x.severity })), L(lang, ` selesai dalam target ${x.targetResolveMin} menit`, ` resolved within the ${x.targetResolveMin}-minute target`),
    ...(x.medianResolveMin === null ? [] : [L(lang, ' (median ', ' (median '), num(lang, x.medianResolveMin, links.periodAlerts(p, { severity: x.severity }), 1), L(lang, ' menit)', ' min)')]),
    '.'
  ]);
  if (r.escalated.length) {
    s.push([num(lang, r.escalated.length, links.periodAlerts(p)), L(lang, ' peringatan meningkat: ', ' alerts escalated: '),
      ...joinParts(lang, r.escalated.map((e) => [{ text: e.sensorName, href: links.sensor(e.sensorId) }, ' ', at(lang, e.at, links.replay(e.at - 1_800_000, e.at + 1_800_000))])), '.']);
  } else s.push([L(lang, 'Tidak ada peringatan yang meningkat.', 'No alert was escalated.')]);
  if (r.escalationSteps.length) {
    s.push([L(lang, 'Notifikasi eskalasi: ', 'Escalation notices: '), ...joinParts(lang, r.escalationSteps.map((e) => [
      L(lang, e.reason === 'backup' ? 'ke petugas cadangan untuk ' : 'ke ketua tim untuk ', e.reason === 'backup' ? 'to backup responders on ' : 'to team leads on '),
      num(lang, e.alerts, links.periodAlerts(p)), L(lang, ' peringatan', e.alerts === 1 ? ' alert' : ' alerts'), ` (${e.people.join(', ')})`
    ])), '.']);
  }
  if (r.unticked.length) {
    s.push([num(lang, r.untickedTotal, links.periodAlerts(p)), L(lang, ' langkah prosedur tidak dicentang pada ', ' procedure steps left unticked on '), num(lang, r.unticked.length, links.periodAlerts(p)),
      L(lang, ' peringatan; terbanyak: ', ' alerts; most: '),
      ...joinParts(lang, r.unticked.slice(0, 3).map((u) => [{ text: u.sensorName, href: links.sensor(u.sensorId) }, ' ', at(lang, u.raisedAt, links.replay(u.raisedAt - 600_000, u.raisedAt + 3_600_000)), ` (${u.missing.length}/${u.required})`])), '.']);
  } else s.push([L(lang, 'Semua langkah prosedur dicentang.', 'Every procedure step was ticked.')]);
  return { key: 'response', title: L(lang, 'Penanganan', 'How the response went'), sentences: s };
}

export function rankingSection(f: ReportFacts, lang: Lang, p: ReportPeriod): Section {
  const s: Sentence[] = f.ranking.map((k) => [
    `${word(lang, KIND_LABELS[k.kind])}: `,
    ...joinParts(lang, k.districts.map((d, i) => [`${i + 1}. `, { text: d.district, href: links.districts() }, ' (', num(lang, d.count, links.periodAlerts(p, { kind: k.kind, district: d.district })),
      L(lang, ' peringatan, ', ' alerts, '), num(lang, d.minutes, links.periodAlerts(p, { kind: k.kind, district: d.district })), L(lang, ' menit)', ' min)')])),
    '.'
  ]);
  if (s.length === 0) s.push([L(lang, 'Tidak ada peringatan darurat di kecamatan mana pun.', 'No district had an emergency alert.')]);
  return { key: 'ranking', title: L(lang, 'Kecamatan terparah', 'Where it was worst'), sentences: s };
}

export function changeSection(f: ReportFacts, lang: Lang, p: ReportPeriod): Section {
  const c = f.change;
  const s: Sentence[] = c.rows.map((r) => [
    r.kind === 'all' ? L(lang, 'Semua peringatan darurat: ', 'All emergency alerts: ') : `${word(lang, KIND_LABELS[r.kind])}: `,
    num(lang, r.current, links.periodAlerts(p, kindOf(r.kind))),
    L(lang, ' (periode sebelumnya ', ' (previous period '), num(lang, r.previous, links.periodAlerts(c.previous, kindOf(r.kind))),
    `, ${signed(r.current - r.previous)}; `, L(lang, 'periode sama minggu lalu ', 'same period last week '), num(lang, r.lastWeek, links.periodAlerts(c.lastWeek, kindOf(r.kind))),
    `, ${signed(r.current - r.lastWeek)}).`
  ]);
  return { key: 'change', title: L(lang, 'Perubahan', 'What changed'), sentences: s };
}

const kindOf = (kind: string) => (kind === 'all' ? {} : { kind });
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0');
