// A settings patch carries only the fields it names: zod 4 would otherwise fill in every default, and
// changing the theme would reset the language (found by the web e2e).
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../common/contract';

describe('settings:update patches', () => {
  it('keep only the fields they name', () => {
    expect(validateRequest('settings:update', { theme: 'dark' })).toEqual({
      ok: true,
      channel: 'settings:update',
      request: { theme: 'dark' },
    });
  });

  it('still check the fields they name and refuse unknown ones', () => {
    expect(validateRequest('settings:update', { locale: 'fr' }).ok).toBe(false);
    expect(validateRequest('settings:update', { secret: 'x' }).ok).toBe(false);
    expect(validateRequest('settings:update', { notifications: { enabled: false } })).toMatchObject({
      ok: true,
      request: { notifications: { enabled: false } },
    });
  });
});
