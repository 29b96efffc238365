import type { Text } from '../../src/lib/core/alert';
import type { RuleFamilyTexts } from './texts-format';

/**
 * The maintenance rules' words (MAINTENANCE_RULES: a sensor silent, stuck, spiking, stepping or out of range), in
 * Indonesian and English: what the field team checks, not what the city does. Part of the one table in texts.ts
 * (TEXTS).
 */

/** sensor_silent, sensor_stuck, sensor_spike, sensor_step and sensor_range's rows of TEXTS (texts.ts). */
export const MAINTENANCE_TEXTS: RuleFamilyTexts<'sensor_silent' | 'sensor_stuck' | 'sensor_spike' | 'sensor_step' | 'sensor_range'> = {
  sensor_silent: {
    title: { id: 'Sensor diam · {name}', en: 'Sensor silent · {name}' },
    explanation: {
      id: 'Tidak ada data selama {minutes} menit; sensor berjanji tiap {intervalS} detik. Aturan: tanpa data 3 × interval.',
      en: 'No reading for {minutes} min; the sensor promises one every {intervalS} s. Rule: no reading for 3 × interval.'
    },
    actions: {
      default: { id: 'Cek daya, modem dan jaringan sensor.', en: 'Check the sensor power, modem and network.' },
      flood: {
        id: 'Cek daya (panel surya/aki), modem dan jaringan pos duga air; minta pembacaan manual papan duga.',
        en: 'Check the gauge power (solar/battery), modem and network; ask for a manual staff-gauge reading.'
      }
    }
  },
  sensor_stuck: {
    title: { id: 'Nilai macet · {name} {field} = {value}', en: 'Stuck value · {name} {field} = {value}' },
    explanation: {
      id: '{field} sama persis {count} kali berturut-turut, padahal biasanya berubah. Aturan: nilai macet.',
      en: '{field} was exactly the same {count} times in a row, though it normally varies. Rule: stuck value.'
    },
    actions: {
      default: { id: 'Jadwalkan pemeriksaan dan kalibrasi sensor.', en: 'Schedule a sensor check and calibration.' },
      flood: { id: 'Periksa sensor ultrasonik/pelampung dari sampah atau sarang.', en: 'Check the ultrasonic/float sensor for debris or nests.' },
      air: { id: 'Periksa kipas dan inlet sensor partikel.', en: 'Check the particle sensor fan and inlet.' },
      traffic: { id: 'Periksa detektor (loop/kamera) dan firmware-nya.', en: 'Check the detector (loop/camera) and its firmware.' }
    }
  },
  sensor_spike: {
    title: { id: 'Lonjakan sesaat · {name} {field} {value}', en: 'One-off spike · {name} {field} {value}' },
    explanation: {
      id: '{field} melonjak ke {value} lalu kembali ke ±{normal} pada pembacaan berikutnya. Aturan: lonjakan satu titik (diabaikan untuk peringatan).',
      en: '{field} jumped to {value} and came back to about {normal} at the next reading. Rule: single-point spike (not used for emergencies).'
    },
    actions: {
      default: { id: 'Periksa kabel, daya dan gangguan di sekitar sensor.', en: 'Check cabling, power and interference around the sensor.' }
    }
  },
  sensor_step: {
    title: { id: 'Loncatan level {step} cm pukul {at} · {name}', en: 'Level step of {step} cm at {at} · {name}' },
    explanation: {
      id: 'Muka air berpindah {step} cm dalam satu pembacaan pukul {at} WITA lalu bergerak seperti biasa di sekitar level baru, tanpa terus naik seperti banjir: diduga datum bergeser atau sensor diganti. {rules} Aturan: loncatan level.',
      en: 'The level moved {step} cm in one reading at {at} WITA and has since varied as usual around the new level, without going on rising as a flood does: datum shift or sensor change suspected. {rules} Rule: level step.'
    },
    actions: {
      default: {
        id: 'Bandingkan dengan pembacaan manual papan duga; setel ulang nol logger atau sesuaikan ambang Siaga, lalu selesaikan peringatan ini.',
        en: 'Compare with a manual staff-gauge reading; reset the logger zero or move the Siaga thresholds, then resolve this alert.'
      }
    }
  },
  sensor_range: {
    title: { id: 'Nilai di luar rentang · {name} {field} {value}', en: 'Value out of range · {name} {field} {value}' },
    explanation: {
      id: '{field} = {value} di luar rentang fisik {min}…{max}; pembacaan ditolak. Aturan: rentang fisik.',
      en: '{field} = {value} is outside the physical range {min}…{max}; the reading was refused. Rule: physical range.'
    },
    actions: {
      default: { id: 'Periksa konfigurasi satuan dan kalibrasi sensor.', en: 'Check the sensor unit configuration and calibration.' }
    }
  }
};

/** What the flood rules make of a level step (sensor-step.ts): a step down is corrected, a step up counts as read. */
export const STEP_RULES: Record<'down' | 'up', Text> = {
  down: {
    id: 'Sampai peringatan ini diselesaikan, aturan banjir membaca level {back} cm (datum lama): pembacaan yang terlalu rendah bisa menyembunyikan banjir.',
    en: 'Until this alert is resolved, the flood rules read the level {back} cm (the old datum): a reading too low could hide a flood.'
  },
  up: {
    id: 'Aturan banjir membaca level apa adanya: banjir yang melonjak lalu bertahan terlihat sama, jadi peringatan banjir dari sensor ini bisa palsu sampai diperiksa.',
    en: 'The flood rules read the level as it reads: a flood that jumps and then stands looks the same, so flood alerts from this gauge may be false until it is checked.'
  }
};

/** How many times in a row ({calm} of STEP_FROZEN_TEXTS): 'sekali' and 'once' for 1, '2 kali', '2 times' for more. */
export function timesInRow(n: number): Text {
  return n === 1 ? { id: 'sekali', en: 'once' } : { id: `${n} kali`, en: `${n} times` };
}

/**
 * sensor_step's finding for a jump that then repeats one value exactly (sensor-step-frozen.ts): a logger's error code or
 * a frozen reading, held from the flood rules for a bounded while ({until}), then read as it reads.
 */
export const STEP_FROZEN_TEXTS: { title: Text; explanation: Text; action: Text } = {
  title: { id: 'Pos melonjak ke {value} cm dan mengulangnya persis · {name}', en: 'Gauge jumped to {value} cm and repeats it exactly · {name}' },
  explanation: {
    id: 'Muka air melonjak {step} cm dalam satu pembacaan pukul {at} WITA ke {value} cm, lalu membaca nilai yang persis sama {count} kali berturut-turut, padahal belakangan pos ini tidak pernah mengulang satu nilai lebih dari {calm} berturut-turut: diduga logger rusak (kode galat, pembacaan macet). Aturan banjir membaca level seperti sebelum lonjakan paling lama sampai {until} WITA, setelah itu apa adanya: banjir yang melonjak lalu diam terlihat sama, jadi peringatan banjir dari pos ini setelah itu bisa palsu sampai diperiksa. Aturan: loncatan level.',
    en: 'The level jumped {step} cm in one reading at {at} WITA, to {value} cm, and has read exactly that value {count} times in a row, though lately this gauge had not repeated any value more than {calm} in a row: a logger fault (an error code, a frozen reading) suspected. The flood rules read the level as before the jump until {until} WITA at the latest, and as it reads after that: a flood that jumps and then stands still looks the same, so a flood alert from this gauge after then may be false until it is checked. Rule: level step.'
  },
  action: {
    id: 'Periksa logger (daya, kode galat, tampilannya) dan bandingkan dengan pembacaan manual papan duga; bila air memang setinggi itu, selesaikan peringatan ini.',
    en: 'Check the logger (power, error codes, its display) and compare with a manual staff-gauge reading; if the water really stands there, resolve this alert.'
  }
};
