// Bearer tokens: random, JWT-looking, with a real-time lifetime (tokens are about the clock, so
// timeScale does not shorten them). expireAll() makes every token issued so far invalid.
import { randomBytes } from 'node:crypto';
import type { TokenStore } from './dialect';

export function createTokenStore(lifetimeSec: number, now: () => number = Date.now): TokenStore {
  const expiry = new Map<string, number>();
  return {
    issue: () => {
      const b64 = (buf: Buffer | string): string => Buffer.from(buf).toString('base64url');
      const token = `${b64(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64(JSON.stringify({ iat: Math.floor(now() / 1000) }))}.${b64(randomBytes(24))}`;
      expiry.set(token, now() + lifetimeSec * 1000);
      return { token, expiresInSec: lifetimeSec };
    },
    valid: (token) => {
      if (!token) return false;
      const until = expiry.get(token);
      return until !== undefined && now() < until;
    },
    expireAll: () => {
      for (const t of expiry.keys()) expiry.set(t, 0);
    },
  };
}
