// Indonesian texts of the public page for residents (/publik): spread into messages-id.ts; kept apart so each page's texts stay together (the English file must have exactly these keys).
export const publicMessagesId = {
  "public.title": "Info Kota Samarinda",
  "public.intro": "Banjir, kualitas udara dan peringatan resmi per kecamatan.",
  "public.pick": "Pilih kecamatan",
  "public.show": "Tampilkan",
  "public.flood": "Banjir",
  "public.air": "Kualitas udara",
  "public.warnings": "Peringatan aktif",
  "public.noWarnings": "Tidak ada peringatan aktif di kecamatan ini.",
  "public.noGauge": "Belum ada data pos pantau banjir di sekitar kecamatan ini.",
  "public.noAir": "Belum ada data kualitas udara di sekitar kecamatan ini.",
  "public.nearby": "terdekat, {km} km dari kecamatan",
  "public.updated": "Diperbarui {time} WITA",
  "public.measured": "Diukur {time} WITA",
  "public.stale": "data lama",
  "public.since": "Sejak {time} WITA",
  "public.severity.critical": "Bahaya",
  "public.severity.warning": "Waspada",
  "public.severity.info": "Info",
  "public.advice": "Saran",
  "public.emergency": "Keadaan darurat? Telepon 112.",
  "public.official": "Ikuti arahan resmi BPBD dan Dinas Kesehatan Kota Samarinda.",
  "public.openData": "Data terbuka (lisensi CC BY 4.0)",
  "public.unavailable": "Data langsung sedang tidak tersedia.",
  "public.districtCount": "{count} kecamatan"
} as const;

export type PublicMessageKey = keyof typeof publicMessagesId;
