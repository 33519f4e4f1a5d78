// cc_agent bodies with the seed's trailing commas are read tolerantly (json5), and a comma inside a string
// is data, not a trailing comma: "Sales, ]" keeps its comma.
import { describe, expect, it } from 'vitest';
import { evoluxFailure } from '../../../../main/core/connectors/evolux/errors';
import { ConnectorError } from '../../../../main/core/connectors/connector';
import { redact } from '../../../../main/core/http/redact';
import { expectCcSuccess, lenientJson } from '../../../../main/core/connectors/ccagent/answers';
import type { HttpResponse } from '../../../../main/core/http/http-client';

const answer = (text: string, status = 200): HttpResponse => ({ status, text, json: undefined, request: 'GET /api/v1/users' });
const keep = (t: string): string => t;

describe('cc_agent answers', () => {
  it('accepts the seed trailing commas and keeps commas inside strings', () => {
    expect(lenientJson(answer('{"success": true,}'))).toEqual({ success: true });
    expect(expectCcSuccess(answer('{"success": true, "data": [{"id": 3, "name": "Sales, ]",}, {"id": 4, "name": "a,}",},],}'), 'list queues', keep))
      .toEqual([{ id: 3, name: 'Sales, ]' }, { id: 4, name: 'a,}' }]);
  });
  it('keeps a refusal message with its commas, and still refuses what is not JSON', () => {
    expect(() => expectCcSuccess(answer('{"success": false, "error": "queue 3, ] is busy",}'), 'check Ana in', keep))
      .toThrow('Could not check Ana in: the PBX refused it (cc_agent: "queue 3, ] is busy").');
    expect(lenientJson(answer('<html>502</html>'))).toBeUndefined();
    expect(lenientJson(answer(''))).toBeUndefined();
  });
});

// A secret the PBX echoes across the 300-character cut of its message: scrubbed before the cut, no prefix left.
describe('the Evolux and cc_agent error readers scrub before they cut', () => {
  const secret = 'Zq81sEcReTkEy0000aaaa1111bbbb2222';
  const long = `${'x'.repeat(290)} ${secret} tail`;
  const scrub = (t: string): string => redact(t, [secret]);
  it('cc_agent', () => {
    let thrown: unknown;
    try {
      expectCcSuccess(answer(JSON.stringify({ success: false, error: long })), 'check Ana in', scrub);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConnectorError);
    const text = JSON.stringify((thrown as ConnectorError).error);
    expect(text).not.toContain(secret.slice(0, 8));
  });
  it('Evolux', () => {
    const res: HttpResponse = { status: 422, text: '', json: { meta: { status: 422, message: long } }, request: 'POST /api/v1/agents/1/pause' };
    const error = evoluxFailure(422, res, 'pause Ana', scrub);
    expect(JSON.stringify(error)).not.toContain(secret.slice(0, 8));
  });
});
