// Scrubbing secrets out of anything that may reach a message, a log line or a thrown error.
// Two layers: the known secret values (every one issued in the core's life: the typed password and api_key,
// the api_key from /v1/auth, every token, old ones too, since a PBX may echo an expired token back), and
// patterns that look like credentials (api_key=..., Bearer ..., "password": "...", a JWT, "token <long>")
// for values we were never told about. Always scrub before cutting a text: a cut secret is not found.

const PATTERNS: [RegExp, string][] = [
  // Query-string or form style: api_key=..., token=..., password=... (cc_agent puts api_key in the URL).
  [/\b(api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|token|password|passwd|secret)=([^&\s#"']*)/gi, '$1=[redacted]'],
  // JSON style: "api_key": "...".
  [/("(?:api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|token|password|passwd|secret)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, '$1"[redacted]"'],
  // Authorization header values.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 [redacted]'],
  // A JWT anywhere (header.payload[.signature], the header always base64url of '{"...'): "invalid token eyJ...".
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?/g, '[redacted]'],
  // "token <value>" / "api key: <value>" with a long opaque value (16+ token characters; words are shorter).
  [/\b(token|api[_ -]?key|apikey)(\s*:\s*|\s+)(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{16,}/gi, '$1$2[redacted]'],
];

/** `text` with every known secret value and every credential-looking fragment replaced. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; they are not real secrets anyway.
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
