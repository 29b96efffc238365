import type { IspuCategoryKey } from './air-index';

/**
 * What an ISPU category means for a resident and what to do, in plain words, for the public page.
 * The meaning of each band follows the category descriptions of P.14/MENLHK/SETJEN/KUM.1/7/2020 as
 * collected in ../shared/domain §1.3 ("no negative effect" … "serious health harm"); the advice turns
 * them into actions a reader can take (masks, staying indoors, sensitive groups first). It is general
 * guidance, not a medical instruction: the page says to follow Dinas Kesehatan when it speaks.
 */
export interface AirAdvice {
  /** One sentence: what the air does to people now. */
  meaning: { id: string; en: string };
  /** What to do. */
  advice: { id: string; en: string };
}

export const AIR_ADVICE: Readonly<Record<IspuCategoryKey, AirAdvice>> = Object.freeze({
  baik: {
    meaning: { id: 'Udara bersih, tidak berdampak pada kesehatan.', en: 'Clean air, no effect on health.' },
    advice: { id: 'Silakan beraktivitas di luar ruangan seperti biasa.', en: 'Enjoy outdoor activities as usual.' }
  },
  sedang: {
    meaning: { id: 'Udara masih dapat diterima untuk kesehatan.', en: 'Air quality is still acceptable for health.' },
    advice: {
      id: 'Orang yang sangat sensitif (asma, penyakit jantung atau paru) sebaiknya mengurangi olahraga berat di luar.',
      en: 'Very sensitive people (asthma, heart or lung disease) should cut down on hard exercise outdoors.'
    }
  },
  'tidak-sehat': {
    meaning: { id: 'Udara tidak sehat, terutama bagi kelompok sensitif.', en: 'Unhealthy air, especially for sensitive groups.' },
    advice: {
      id: 'Anak-anak, lansia, ibu hamil dan penderita asma atau penyakit jantung: kurangi kegiatan di luar. Pakai masker bila harus keluar.',
      en: 'Children, older people, pregnant women and people with asthma or heart disease: spend less time outdoors. Wear a mask if you must go out.'
    }
  },
  'sangat-tidak-sehat': {
    meaning: { id: 'Udara sangat tidak sehat, semua orang bisa terdampak.', en: 'Very unhealthy air: everyone may be affected.' },
    advice: {
      id: 'Semua orang: hindari kegiatan di luar ruangan, tutup jendela dan pakai masker (sebaiknya N95/KN95) bila keluar.',
      en: 'Everyone: avoid outdoor activities, keep windows closed and wear a mask (N95/KN95 if possible) outside.'
    }
  },
  berbahaya: {
    meaning: { id: 'Udara berbahaya bagi kesehatan semua orang.', en: 'Hazardous air for everyone’s health.' },
    advice: {
      id: 'Tetap di dalam ruangan dengan jendela tertutup. Bila sesak napas atau nyeri dada, segera ke puskesmas atau rumah sakit.',
      en: 'Stay indoors with windows closed. If you are short of breath or have chest pain, go to a clinic or hospital at once.'
    }
  }
});
