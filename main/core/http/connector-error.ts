// The error every layer under a connector raises (HTTP, decoding, the connectors themselves), kept at the
// bottom so the layers only point one way: connectors/ -> decode/ -> http/. connectors/connector.ts passes
// it on to the connectors and the core.
import type { AppError } from '../../../common/domain';

/** The only error a connector throws: a code the UI can translate and a message a supervisor can read. */
export class ConnectorError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'ConnectorError';
  }
}
