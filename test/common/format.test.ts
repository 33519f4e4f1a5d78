// One clock, one duration and one locale helper for the console, the tray and the notifications
// (common/format.ts): 24-hour in every language, formatters built once per locale, not per call.
import { describe, expect, it, vi } from 'vitest';
import type { Locale } from '../../common/domain';
import { formatDuration, formatTime, resolveLocale } from '../../common/format';

const LOCALES: Locale[] = ['en', 'vi', 'pt-BR'];
const afternoon = new Date(2026, 10, 24, 14, 5, 9).getTime();

describe('common/format', () => {
  it('shows a time of day on the 24-hour clock in every language', () => {
    for (const locale of LOCALES) {
      expect(formatTime(locale, afternoon)).toBe('14:05');
      expect(formatTime(locale, afternoon, true)).toBe('14:05:09');
      expect(formatTime(locale, new Date(2026, 10, 24, 0, 7).getTime())).toBe('00:07');
    }
  });
  it('builds each formatter once, however often it formats', () => {
    const spy = vi.spyOn(Intl, 'DateTimeFormat');
    for (let i = 0; i < 1000; i++) formatTime('pt-BR', afternoon + i * 60_000);
    expect(spy.mock.calls.length).toBeLessThanOrEqual(1);
    spy.mockRestore();
  });
  it('shows waits as m:ss and h:mm:ss', () => {
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(83)).toBe('1:23');
    expect(formatDuration(3723)).toBe('1:02:03');
  });
  it('resolves the locale from the setting or the system language', () => {
    expect(resolveLocale('auto', 'vi-VN')).toBe('vi');
    expect(resolveLocale('auto', 'pt-PT')).toBe('pt-BR');
    expect(resolveLocale('auto', 'de-DE')).toBe('en');
    expect(resolveLocale('vi', 'en-US')).toBe('vi');
  });
});
