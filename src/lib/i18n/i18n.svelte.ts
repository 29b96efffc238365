import { LOCALES, isLang, translate, type Lang, type MessageKey, type MessageParams } from './translate';

const STORAGE_KEY = 'pantau.lang';

/**
 * The current UI language. Server rendering always uses Indonesian; the browser switches to the
 * stored choice on start (`restore`), so the state is only ever changed in the browser.
 */
class I18n {
  lang = $state<Lang>('id');

  get locale(): string {
    return LOCALES[this.lang];
  }

  t = (key: MessageKey, params?: MessageParams): string => translate(this.lang, key, params);

  /** Picks the language of a bilingual text (`{ id, en }`) from the core. */
  pick = (text: { id: string; en: string }): string => text[this.lang];

  set(lang: Lang): void {
    this.lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
      document.documentElement.lang = lang;
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
  }

  restore(): void {
    try {
      const saved = localStorage.getItem(STORAGE_KEY);
      if (isLang(saved)) this.lang = saved;
      document.documentElement.lang = this.lang;
    } catch {
      // Storage unavailable: keep the default.
    }
  }
}

export const i18n = new I18n();
