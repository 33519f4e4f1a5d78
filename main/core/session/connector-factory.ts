// Which connector drives which PBX family: one line per system. Evolux and cc_agent plug in here when
// their connectors land; until then connecting to them answers NOT_SUPPORTED.
import type { SystemId } from '../../../common/domain';
import type { Connector, ConnectorOptions } from '../connectors/connector';
import { createTel4vnConnector } from '../connectors/tel4vn';

export type ConnectorFactory = (options: ConnectorOptions) => Connector;

export const CONNECTOR_FACTORIES: Partial<Record<SystemId, ConnectorFactory>> = {
  tel4vn: createTel4vnConnector,
};
