// failureInBody against the seeds' own example bodies: every error example (all of which TEL4VN may send with
// HTTP 200) is a failure, every success example is not, and a bare `"data": null` is not either (an empty
// list, as Go encodes it).
import { describe, expect, it } from 'vitest';
import { failureInBody } from '../../../main/core/http/http-errors';
import { SEED } from '../../simulator/seed-examples';

/** The error examples, verbatim from the seeds. */
const SEED_ERRORS: [string, unknown, number | null][] = [
  ['000 /v3/agent/login', { error: 'user is already logged in' }, null],
  ['000 /v3/agent/resume', { error: 'user_uuid or extension is missing' }, null],
  ['002 click-to-call', { status: 'fail', error: 'USER_NOT_REGISTERED' }, null],
  ['002 click-to-call async', { status: 'fail', message: 'User not registered extension with Softphone or IP Phone', error: 'USER_NOT_REGISTERED' }, null],
  ['002 click-to-call v2', { code: '1', status: 'fail', message: 'User not registered extension with Softphone or IP Phone', error: 'USER_NOT_REGISTERED' }, null],
  ['002 autocall import', { code: 400, content: 'import fail', data: { fail: [], success: [] } }, 400],
  ['002 autocall queue', { code: 404, content: 'queue not found' }, 404],
  ['002 user status', { code: 404, content: 'user is not existed', error: 'Not Found' }, 404],
  ['002 customer', { code: 400, content: [{ phone_number: "Does not match pattern '^(84|0[3|5|7|8|9])+([0-9]{8})$'" }], error: 'Bad Request' }, 400],
  ['003 loggedin', { error: 'Extension not found' }, null],
  ['001 Evolux create', { meta: { status: 400, message: 'Bad request' }, errors: ['Agent not created, queues list must contains only integer ids.'] }, 400],
  // The issue's own bodies (a database outage answered with HTTP 200).
  ['issue 13 list', { data: null, status: 'fail', error: 'database timeout' }, null],
  ['issue 13 token', { code: 500, content: 'Lỗi hệ thống', error: 'Internal Server Error' }, 500],
  ['cc_agent', { success: false, error: 'database timeout' }, null],
];

describe('failureInBody', () => {
  it.each(SEED_ERRORS)('reads the %s error example as a failure', (_name, body, code) => {
    expect(failureInBody(body)).toEqual({ code });
  });

  it('reads no success example as a failure', () => {
    for (const [name, body] of Object.entries(SEED)) {
      if (name.endsWith('Error')) continue;
      expect(failureInBody(body), name).toBeNull();
    }
    expect(failureInBody({ meta: { status: 200, message: 'OK' }, data: [] })).toBeNull();
    expect(failureInBody({ meta: { status: 201, message: 'Created' }, data: {} })).toBeNull();
    expect(failureInBody({ success: true, data: '**9477' })).toBeNull();
  });

  it('reads a bare "data": null (and an empty error) as no failure', () => {
    expect(failureInBody({ data: null })).toBeNull();
    expect(failureInBody({ data: null, total: 0 })).toBeNull();
    expect(failureInBody({ code: 200, content: 'successfully', error: '', data: null })).toBeNull();
    expect(failureInBody(null)).toBeNull();
    expect(failureInBody([])).toBeNull();
  });

  it('reads the seeds\' error examples with names', () => {
    expect(SEED.callActionError).toEqual(SEED_ERRORS[2]![1]);
    expect(failureInBody(SEED.click2callV2Error)).toEqual({ code: null });
  });
});
