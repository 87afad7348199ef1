import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en, type MessageKey } from './en.js';
import { ru } from './ru.js';

export type Lang = 'en' | 'ru';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, ru };
const STORAGE_KEY = 'vitrina.admin.lang';

/** The language chosen before (kept in this browser), else the browser's own when it is Russian, else English. */
export function initialLang(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'ru') return saved;
  return navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export function saveLang(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * A translator for a language.
 * @example translator('ru')('metric.vsPrevious', { value: '12' }) // => 'против 12 ранее'
 */
export function translator(lang: Lang): Translate {
  const dict = dictionaries[lang];
  return (key, vars) => dict[key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars?.[k] ?? `{${k}}`));
}

export const LangContext = createContext<{ lang: Lang; t: Translate }>({ lang: 'en', t: translator('en') });

/** The current language and its translator. */
export function useT() {
  return useContext(LangContext);
}
