// Redaction of secrets from texts that may reach a message or a log line.
import { describe, expect, it } from 'vitest';
import { redact } from '../../../main/core/http/redact';

describe('redact', () => {
  it('removes known secret values wherever they appear', () => {
    expect(redact('token abcd1234 in /x/abcd1234', ['abcd1234'])).toBe('token [redacted] in /x/[redacted]');
  });
  it('removes credential-looking fragments it was not told about', () => {
    expect(redact('GET /api/cc_agent/setPause?user_id=3&api_key=s3cr3t&x=1')).toBe('GET /api/cc_agent/setPause?user_id=3&api_key=[redacted]&x=1');
    expect(redact('Authorization: Bearer eyJhbGciOi.J9x-y_z=')).toBe('Authorization: Bearer [redacted]');
    expect(redact('{"username":"a","password":"p\\"w","api_key":"k"}')).toBe('{"username":"a","password":"[redacted]","api_key":"[redacted]"}');
  });
  it('removes a bare JWT and a long opaque value after "token" or "api key"', () => {
    expect(redact('invalid token eyJhbGciOiJSUzI1NiJ9.eyJpYXQiOjE3MDB9.c2lnbmF0dXJl expired')).toBe('invalid token [redacted] expired');
    expect(redact('the token 9f8e7d6c5b4a39281706f5e4 has expired')).toBe('the token [redacted] has expired');
    expect(redact('api key: k_live_0123456789abcdef is revoked')).toBe('api key: [redacted] is revoked');
    expect(redact('the token has expired; token refresh failed; tokenization')).toBe('the token has expired; token refresh failed; tokenization');
  });
  it('leaves ordinary text and too-short "secrets" alone', () => {
    expect(redact('GET /v3/monitor answered 500', ['a', ''])).toBe('GET /v3/monitor answered 500');
  });
});

