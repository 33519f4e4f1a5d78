// The three locales have exactly the same keys, and every message compiles and renders (vue-i18n
// returns the key itself for a missing or broken message).
import { describe, expect, it } from 'vitest';
import { resolveLocale } from '../../common/format';
import { i18n, messages } from '../../renderer/src/i18n';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('i18n', () => {
  const en = keys(messages.en).sort();

  it.each(['vi', 'pt-BR'] as const)('%s has the same keys as English', (locale) => {
    expect(keys(messages[locale]).sort()).toEqual(en);
  });

  it.each(['en', 'vi', 'pt-BR'] as const)('every %s message renders', (locale) => {
    const { t } = i18n.global;
    i18n.global.locale.value = locale;
    for (const key of en) {
      const text = t(key, { system: 'X', age: '1 s', n: 2, action: 'A', error: 'E', user: 'u', message: 'm', number: '1', queue: 'Q', waited: '0:10', time: '10:00' });
      expect(text, key).not.toBe(key);
      expect(text, key).not.toMatch(/\{\w+\}/);
    }
    i18n.global.locale.value = 'en';
  });

  it('writes Vietnamese with its diacritics', () => {
    expect(messages.vi.panel.abandoned).toBe('Cuộc gọi nhỡ');
  });

  it('follows the system language for "auto"', () => {
    expect(resolveLocale('auto', 'vi-VN')).toBe('vi');
    expect(resolveLocale('auto', 'pt-PT')).toBe('pt-BR');
    expect(resolveLocale('auto', 'de-DE')).toBe('en');
    expect(resolveLocale('vi', 'en-US')).toBe('vi');
  });
});
