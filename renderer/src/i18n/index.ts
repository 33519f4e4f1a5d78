// vue-i18n set up for the three locales. vue-i18n 11 compiles messages to an AST at run time (no eval,
// no `new Function`), so the page's CSP holds without precompiling.
import { createI18n } from 'vue-i18n';
import type { Locale } from '../../../common/domain';
import { en } from './en';
import { ptBR } from './pt-BR';
import { vi } from './vi';

export const messages = { en, vi, 'pt-BR': ptBR };

export const i18n = createI18n({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages,
});

export function applyLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
}
