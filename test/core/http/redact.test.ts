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
  it('leaves ordinary text and too-short "secrets" alone', () => {
    expect(redact('GET /v3/monitor answered 500', ['a', ''])).toBe('GET /v3/monitor answered 500');
  });
});

