// The bridge contract: requests are validated before anything runs, and errors name the field.
import { describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels, validateRequest } from '../../common/contract';

describe('validateRequest', () => {
  it('accepts a barge on a uuid call id', () => {
    const r = validateRequest('call:act', { callId: 'df3bd13a-0cb4-455a-ac70-92ed00e13dd7', action: 'barge' });
    expect(r.ok).toBe(true);
  });

  it('refuses a call id that could bend the URL path, naming the field', () => {
    const r = validateRequest('call:act', { callId: '../auth', action: 'barge' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', field: 'callId' } });
  });

  it('refuses a transfer without a target and a barge with one', () => {
    expect(validateRequest('call:act', { callId: 'abc', action: 'transfer' }).ok).toBe(false);
    expect(validateRequest('call:act', { callId: 'abc', action: 'barge', target: '101' }).ok).toBe(false);
    expect(validateRequest('call:act', { callId: 'abc', action: 'transfer', target: '101' }).ok).toBe(true);
  });

  it('refuses unknown keys, unknown channels and payloads on no-payload channels', () => {
    expect(validateRequest('agent:resume', { agentId: 'a1', extra: 1 }).ok).toBe(false);
    expect(validateRequest('shell:exec', {}).ok).toBe(false);
    expect(validateRequest('__proto__', {}).ok).toBe(false);
    expect(validateRequest('floor:get', { x: 1 }).ok).toBe(false);
    expect(validateRequest('floor:get', undefined).ok).toBe(true);
  });

  it('needs an api key or both username and password to connect', () => {
    const base = { system: 'tel4vn', apiHost: 'http://127.0.0.1:8080' };
    expect(validateRequest('session:connect', { ...base, username: 'demo' }).ok).toBe(false);
    expect(validateRequest('session:connect', { ...base, username: 'demo', password: 'demo' }).ok).toBe(true);
    expect(validateRequest('session:connect', { ...base, apiKey: 'k' }).ok).toBe(true);
    expect(validateRequest('session:connect', { ...base, apiHost: 'file:///etc/passwd', apiKey: 'k' }).ok).toBe(false);
  });

  it('checks settings patches against the settings schema', () => {
    expect(validateRequest('settings:update', { pollIntervalSec: 3 }).ok).toBe(true);
    expect(validateRequest('settings:update', { pollIntervalSec: 30 }).ok).toBe(false);
    expect(validateRequest('settings:update', { token: 'x' }).ok).toBe(false);
  });
});

describe('channel names', () => {
  it('read as domain:verb and expose distinct function names', () => {
    const all = [...Object.keys(invokeChannels), ...Object.keys(eventChannels)];
    for (const c of all) expect(c).toMatch(/^[a-z]+:[a-z-]+$/);
    const fns = [...Object.values(invokeChannels), ...Object.values(eventChannels)].map((d) => d.fn);
    expect(new Set(fns).size).toBe(fns.length);
  });
});
