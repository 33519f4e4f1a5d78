// cc_agent bodies with the seed's trailing commas are read tolerantly (json5), and a comma inside a string
// is data, not a trailing comma: "Sales, ]" keeps its comma.
import { describe, expect, it } from 'vitest';
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
