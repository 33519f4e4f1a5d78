// The agent actions the admin menu offers beyond pause (as the connected system's capabilities allow).
export type AgentAdminKind = 'logoff' | 'check-in' | 'check-out' | 'set-queues' | 'wrap-up' | 'resume';

export interface AgentAdminRequest {
  deviceId?: string;
  force?: boolean;
  queueIds?: string[];
  seconds?: number;
}
