// Which connector drives which PBX family: one line per system, every SystemId listed (the type insists).
import type { SystemId } from '../../../common/domain';
import type { Connector, ConnectorOptions } from '../connectors/connector';
import { createCcAgentConnector } from '../connectors/ccagent';
import { createEvoluxConnector } from '../connectors/evolux';
import { createTel4vnConnector } from '../connectors/tel4vn';

type ConnectorFactory = (options: ConnectorOptions) => Connector;

export const CONNECTOR_FACTORIES: Record<SystemId, ConnectorFactory> = {
  tel4vn: createTel4vnConnector,
  evolux: createEvoluxConnector,
  ccagent: (options) => createCcAgentConnector(options),
};
