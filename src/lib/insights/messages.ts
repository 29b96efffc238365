/**
 * The texts of /insights in both languages, kept beside the views they describe (picked with
 * i18n.pick) rather than in the shared dictionaries, which only get the navigation link.
 */
type Text = { id: string; en: string };

export const INSIGHT_TEXT = {
  title: { id: 'Wawasan', en: 'Insights' },
  intro: {
    id: 'Pola dari data tersimpan: di mana dan kapan macet, banjir, udara kotor, dan sensor yang sering mati. Semua jam dalam WITA.',
    en: 'Patterns in the stored data: where and when traffic jams, floods, bad air, and sensors that often go quiet. All times WITA.'
  },
  range: { id: 'Rentang', en: 'Range' },
  from: { id: 'Dari', en: 'From' },
  to: { id: 'Sampai', en: 'To' },
  show: { id: 'Tampilkan', en: 'Show' },
  days: { id: '{n} hari', en: '{n} days' },
  print: { id: 'Cetak', en: 'Print' },
  download: { id: 'Unduh angka:', en: 'Download numbers:' },
  unavailable: { id: 'Tidak tersedia: {error}', en: 'Not available: {error}' },
  noData: { id: 'Belum ada data pada rentang ini.', en: 'No data in this range yet.' },
  showAll: { id: 'Tampilkan semua ({n})', en: 'Show all ({n})' },
  showFewer: { id: 'Tampilkan lebih sedikit', en: 'Show fewer' },
  legend: { id: 'Keterangan', en: 'Legend' },
  noDataLegend: { id: 'Tanpa data', en: 'No data' },

  congestionTitle: { id: 'Titik macet menurut jam dalam sepekan', en: 'Congestion hotspots by hour of week' },
  congestionHelp: {
    id: 'Per pendekat simpang, 7 hari × 24 jam. Warna: bagian jam dengan rata-rata Macet (LOS E/F), atau kecepatan rata-rata terhadap arus bebas. Terburuk di atas.',
    en: 'Per junction approach, 7 days × 24 hours. Colour: share of hours whose mean was Jammed (LOS E/F), or mean speed against free flow. Worst first.'
  },
  metricMacet: { id: 'Bagian jam Macet', en: 'Share of hours jammed' },
  metricSpeed: { id: 'Kecepatan ÷ arus bebas', en: 'Speed ÷ free flow' },
  macetSummary: { id: 'Macet {share} dari {hours} jam', en: 'Jammed {share} of {hours} hours' },
  weekdays: { id: 'Sen,Sel,Rab,Kam,Jum,Sab,Min', en: 'Mon,Tue,Wed,Thu,Fri,Sat,Sun' },

  floodTitle: { id: 'Banjir: frekuensi, lama dan kedalaman', en: 'Floods: frequency, duration and depth' },
  floodHelp: {
    id: 'Kejadian di atas Siaga 3, 2 dan 1 per kecamatan atau pos: jumlah, total jam, dan tinggi air maksimum di atas ambang.',
    en: 'Episodes above Level 3, 2 and 1 per district or gauge: count, total hours, and the highest water above the threshold.'
  },
  byDistrict: { id: 'Per kecamatan', en: 'By district' },
  byGauge: { id: 'Per pos', en: 'By gauge' },
  floodBar: { id: '{n}× · {hours} jam · maks +{depth} cm', en: '{n}× · {hours} h · max +{depth} cm' },
  floodNone: { id: 'tidak pernah', en: 'never' },

  airTitle: { id: 'Hari ISPU per kategori, bulan dan stasiun', en: 'ISPU days per category, month and station' },
  airHelp: {
    id: 'ISPU harian dari rata-rata 24 jam tiap polutan (hari dengan ≥ 12 jam data). Panjang batang = hari dalam bulan.',
    en: 'Daily ISPU from each pollutant’s 24-hour mean (days with ≥ 12 hours of data). Bar length = days of the month.'
  },
  airDays: { id: '{n} hari', en: '{n} days' },
  airNoDays: { id: 'Tanpa hari terhitung ({n} stasiun)', en: 'No day counted ({n} stations)' },

  uptimeTitle: { id: 'Ketersediaan sensor per hari', en: 'Sensor uptime per day' },
  uptimeHelp: {
    id: 'Bagian pembacaan yang diharapkan (menurut interval sensor) yang benar-benar diterima, per hari WITA. Terendah di atas.',
    en: 'Share of the readings expected (by the sensor’s interval) that arrived, per WITA day. Lowest first.'
  }
} as const satisfies Record<string, Text>;

export type InsightTextKey = keyof typeof INSIGHT_TEXT;

/** A text in a language with `{name}` placeholders filled. */
export function insightText(lang: 'id' | 'en', key: InsightTextKey, params: Record<string, string | number> = {}): string {
  return INSIGHT_TEXT[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
