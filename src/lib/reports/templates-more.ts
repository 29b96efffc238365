import type { Lang } from '../i18n/translate';
import { SIAGA_LEVELS } from '../core/flood-levels';
import type { ReportFacts } from './facts';
import { links } from './links';
import { at, hhmm, joinParts, num, pct, type Section, type Sentence } from './sentence';
import { DAY_MS } from './period';
import { SEVERITY_WORDS } from './templates';

/** Sentences of the last sections: data quality, what comes next, recommendations. */
const L = <T>(lang: Lang, id: T, en: T) => (lang === 'id' ? id : en);
export const QUALITY_LISTED_BELOW = 0.95;
const siagaWord = (siaga: number, lang: Lang) => SIAGA_LEVELS.find((l) => l.siaga === siaga)?.[lang] ?? (lang === 'id' ? `Siaga ${siaga}` : `Level ${siaga}`);

export function qualitySection(f: ReportFacts, lang: Lang): Section {
  const q = f.quality;
  const s: Sentence[] = [[L(lang, 'Kelengkapan data seluruh sensor: ', 'Data completeness over all sensors: '), pct(lang, q.overall, links.registry()), '.']];
  if (q.districts.length) s.push([L(lang, 'Per kecamatan: ', 'By district: '), ...joinParts(lang, q.districts.map((d) => [{ text: d.district, href: links.districts() }, ' ', pct(lang, d.completeness, links.districts())])), '.']);
  for (const x of q.sensors.filter((x) => x.completeness < QUALITY_LISTED_BELOW).slice(0, 8)) {
    s.push([
      { text: x.name, href: links.sensor(x.sensorId) }, ': ', pct(lang, x.completeness, links.sensor(x.sensorId)), ' (', num(lang, x.received, links.sensor(x.sensorId)),
      L(lang, ' dari ', ' of '), num(lang, x.expected, links.sensor(x.sensorId)), L(lang, ' pembacaan', ' readings'),
      ...(x.longestGap ? [L(lang, '; celah terpanjang ', '; longest gap '), num(lang, x.longestGap.hours, links.replay(x.longestGap.start, x.longestGap.start + x.longestGap.hours * 3_600_000)),
        L(lang, ' jam sejak ', ' h from '), at(lang, x.longestGap.start, links.replay(x.longestGap.start - 3_600_000, x.longestGap.start + 3_600_000))] : []),
      ').'
    ]);
  }
  if (q.maintenance.length) {
    s.push([L(lang, 'Dalam perawatan: ', 'In maintenance: '), ...joinParts(lang, q.maintenance.map((m) => [{ text: m.name, href: links.sensor(m.sensorId) }, m.reason ? ` (${m.reason})` : ''])), '.']);
  } else s.push([L(lang, 'Tidak ada sensor dalam perawatan.', 'No sensor is in maintenance.')]);
  return { key: 'quality', title: L(lang, 'Kualitas data', 'Data quality'), sentences: s };
}

export function outlookSection(f: ReportFacts, lang: Lang): Section {
  const o = f.outlook;
  const s: Sentence[] = o.crossings.map((c) => [
    { text: c.name, href: links.sensor(c.sensorId) }, L(lang, ' diperkirakan mencapai ', ' is expected to reach '), siagaWord(c.crossing.level, lang),
    L(lang, ' sekitar ', ' around '), at(lang, c.crossing.at, links.sensor(c.sensorId)), L(lang, ' (kini ', ' (now '), num(lang, c.levelCm, links.sensor(c.sensorId)), ' cm).'
  ]);
  if (s.length === 0) s.push([L(lang, 'Tidak ada pos yang diperkirakan melewati batas siaga.', 'No gauge is expected to reach a higher flood level.')]);
  const total = o.open.critical + o.open.warning + o.open.info;
  s.push([num(lang, total, links.alerts({ state: 'open' })), L(lang, ' peringatan masih terbuka', ' alerts still open'),
    ...(total ? [': ', ...joinParts(lang, (['critical', 'warning', 'info'] as const).filter((k) => o.open[k] > 0).map((k) => [num(lang, o.open[k], links.alerts({ severity: k, state: 'open' })), ` ${SEVERITY_WORDS[k][lang].toLowerCase()}`]))] : []), '.']);
  for (const a of o.openWorst) s.push(['• ', { text: a.sensorName, href: links.sensor(a.sensorId) }, ` — ${a.title[lang]}, `, L(lang, 'sejak ', 'since '), at(lang, a.raisedAt, links.replay(a.raisedAt - 600_000, a.raisedAt + 3_600_000))]);
  return { key: 'outlook', title: L(lang, 'Yang akan datang', 'What comes next'), sentences: s };
}

export function recommendationsSection(f: ReportFacts, lang: Lang): Section {
  const s: Sentence[] = f.recommendations.map((r): Sentence => {
    const sensor = { text: f.quality.sensors.find((q) => q.sensorId === r.sensorId)?.name ?? r.sensorId, href: links.sensor(r.sensorId) };
    switch (r.rule) {
      case 'signal-retiming': {
        const e = r.evidence;
        const window = links.replay(e.firstDay + e.fromMin * 60_000, e.firstDay + e.toMin * 60_000);
        return [sensor, L(lang, ' mencapai Macet pada ', ' was Jammed on '), num(lang, e.days, links.sensor(r.sensorId)), L(lang, ` dari ${e.weekdays} hari kerja terakhir antara `, ` of the last ${e.weekdays} weekdays between `),
          { text: hhmm(e.fromMin), href: window }, L(lang, ' dan ', ' and '), { text: hhmm(e.toMin), href: window },
          L(lang, ': pertimbangkan pengaturan ulang waktu lampu lalu lintas atau penempatan petugas.', ': consider signal retiming or an officer.')];
      }
      case 'flood-repeated': {
        const e = r.evidence;
        const last = e.days[e.days.length - 1];
        return [sensor, L(lang, ' mencapai Siaga 3 atau lebih pada ', ' reached Level 3 or worse on '), num(lang, e.days.length, links.replay(e.days[0], last + DAY_MS)),
          L(lang, ' dari 7 hari terakhir (terburuk ', ' of the last 7 days (worst '), siagaWord(e.worst, lang),
          L(lang, '): periksa saluran, pompa dan pintu air di sekitarnya dan siapkan warga bantaran.', '): inspect the drains, pumps and sluices nearby and prepare riverside residents.')];
      }
      case 'air-schools': {
        const e = r.evidence;
        return [sensor, L(lang, ' berkategori Tidak Sehat pada ', ' was Unhealthy on '), num(lang, e.days.length, links.replay(e.days[0], e.days[e.days.length - 1] + DAY_MS)),
          L(lang, ' dari 7 hari terakhir: sampaikan imbauan kesehatan ke sekolah sekitar (kurangi kegiatan luar ruang, pakai masker).', ' of the last 7 days: send health advice to nearby schools (less outdoor activity, masks).')];
      }
      case 'maintenance-visit': {
        const e = r.evidence;
        return [sensor, L(lang, ' hanya mengirim ', ' sent only '), pct(lang, e.completeness, links.sensor(r.sensorId)), L(lang, ' data yang dijanjikan (', ' of its promised data ('),
          num(lang, e.received, links.sensor(r.sensorId)), L(lang, ' dari ', ' of '), num(lang, e.expected, links.sensor(r.sensorId)), L(lang, '): jadwalkan kunjungan perawatan.', '): schedule a maintenance visit.')];
      }
    }
  });
  if (s.length === 0) s.push([L(lang, 'Tidak ada rekomendasi dari data periode ini.', 'The data of this period call for no recommendation.')]);
  return { key: 'recommendations', title: L(lang, 'Rekomendasi', 'Recommendations'), sentences: s };
}
