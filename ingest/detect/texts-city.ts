import type { Text } from '../../src/lib/core/alert';
import type { RuleFamilyTexts } from './texts-format';

/**
 * The words of the city rules beyond floods, in Indonesian and English: air quality (ISPU), road congestion and
 * the statistical rule's unusual pattern (its explanations per finding: statistical-texts.ts). Part of the one
 * table in texts.ts (TEXTS).
 */

/** air_quality, congestion and statistical's rows of TEXTS (texts.ts). */
export const CITY_TEXTS: RuleFamilyTexts<'air_quality' | 'congestion' | 'statistical'> = {
  air_quality: {
    title: { id: 'ISPU {value} · {category} · {name}', en: 'AQI (ISPU) {value} · {category} · {name}' },
    explanation: {
      id: 'ISPU rata-rata 1 jam {value} (dominan {dominant}), batas sehat {normal}. Aturan: ISPU ≥ 101 (KLHK menerbitkan PM2.5 per jam).',
      en: 'Hourly mean ISPU {value} (dominant {dominant}), healthy limit {normal}. Rule: ISPU ≥ 101 (KLHK publishes PM2.5 hourly).'
    },
    actions: {
      '1': {
        id: 'Umumkan anjuran kurangi aktivitas luar ruang bagi kelompok sensitif; cek sumber pembakaran terdekat.',
        en: 'Advise sensitive groups to reduce outdoor activity; check nearby burning sources.'
      },
      '2': {
        id: 'Anjurkan warga memakai masker dan tetap di dalam ruang; koordinasi dengan Dinas Kesehatan dan DLH.',
        en: 'Advise residents to wear masks and stay indoors; coordinate with the health office and DLH.'
      },
      '3': {
        id: 'Keadaan berbahaya: aktifkan posko kesehatan, pertimbangkan penutupan sekolah, laporkan ke BPBD.',
        en: 'Hazardous: open health posts, consider closing schools, report to BPBD.'
      }
    }
  },
  congestion: {
    // {speedNote} and {speed}: CONGESTION_SPEED
    title: { id: '{level} · {name}{speedNote}', en: '{level} · {name}{speedNote}' },
    explanation: {
      id: '{speed}; {usual}arus bebas {freeFlow} km/jam; derajat kejenuhan {saturation}. Aturan: kemacetan terhadap profil ruas dan kebiasaan jam ini.',
      en: '{speed}; {usual}free flow {freeFlow} km/h; saturation {saturation}. Rule: congestion against the road profile and its usual for this hour.'
    },
    actions: {
      '2': {
        id: 'Pantau CCTV ruas ini; siapkan petugas Dishub untuk pengaturan arus.',
        en: 'Watch this road on CCTV; get Dishub officers ready to direct traffic.'
      },
      '3': {
        id: 'Kirim petugas Dishub/Polantas; ubah siklus lampu lalu lintas dan umumkan rute alternatif.',
        en: 'Send Dishub/traffic police; retime the signals and announce alternative routes.'
      }
    }
  },
  statistical: {
    title: { id: 'Pola tidak biasa · {name}', en: 'Unusual pattern · {name}' },
    explanation: { id: 'Model statistik menandai nilai {value}.', en: 'The statistical model flagged value {value}.' },
    actions: {
      default: { id: 'Periksa data sensor dan kondisi lapangan.', en: 'Check the sensor data and conditions on site.' }
    }
  }
};

/**
 * The `{usual}` clause of the congestion explanation, said only once the hour's usual speed is
 * learnt: without it the text read "usual for this hour - km/h".
 */
export const CONGESTION_USUAL: Text = { id: 'normal jam ini {normal} km/jam, ', en: 'usual for this hour {normal} km/h, ' };

/**
 * The speed in a congestion alert's title ({speedNote}) and explanation ({speed}). A detector may
 * report flow and occupancy without a speed: the title then names no speed and the explanation says
 * none came, where both read "- km/h".
 */
export const CONGESTION_SPEED: Record<'known' | 'unknown', { note: Text; said: Text }> = {
  known: { note: { id: ' {speed} km/jam', en: ' {speed} km/h' }, said: { id: 'Kecepatan {speed} km/jam', en: 'Speed {speed} km/h' } },
  unknown: { note: { id: '', en: '' }, said: { id: 'Kecepatan tidak dilaporkan', en: 'No speed reported' } }
};
