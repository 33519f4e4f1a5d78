// The ConnectorError a promise rejects with; fails the test if it resolves or throws anything else.
// `undefined` (an optional connector method that is absent) fails too.
import { expect } from 'vitest';
import { ConnectorError } from '../../main/core/connectors/connector';

export async function failure(p: Promise<unknown> | undefined): Promise<ConnectorError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectorError);
    return err as ConnectorError;
  }
  throw new Error('did not fail');
}
