// The names of the bridge: every channel and the intent-named function it becomes, and the global the
// preload sets. Kept apart from the request schemas (common/contract.ts) so the sandboxed preload, which
// only forwards, carries no validator code: main validates.

export const invokeFunctions = {
  'session:get': 'getSession',
  'session:connect': 'connect',
  'session:demo': 'connectDemo',
  'session:disconnect': 'disconnect',
  'floor:get': 'getFloor',
  'call:act': 'actOnCall',
  'agent:pause': 'pauseAgent',
  'agent:resume': 'resumeAgent',
  'agent:logoff': 'logoffAgent',
  'agent:pause-reasons': 'getPauseReasons',
  'agent:check-in': 'checkInAgent',
  'agent:check-out': 'checkOutAgent',
  'agent:set-queues': 'setAgentQueues',
  'agent:wrap-up': 'setAgentWrapUp',
  'abandoned:call-back': 'callBack',
  'abandoned:mark-handled': 'markHandled',
  'abandoned:unmark-handled': 'unmarkHandled',
  'settings:get': 'getSettings',
  'settings:update': 'updateSettings',
  'roster:get': 'getRoster',
  'roster:import': 'importRoster',
  'audit:list': 'listAudit',
  'app:info': 'getAppInfo',
  'ui:set-selection': 'setSelection',
  'alerts:get': 'getAlerts',
  'alerts:history': 'getAlertHistory',
  'alerts:ack': 'acknowledgeAlert',
  'alerts:snooze': 'snoozeAlert',
  'phone:get': 'getPhone',
  'phone:demo-hang-up': 'hangUpDemoPhone',
  'wallboard:open': 'openWallboard',
  'extensions:list': 'listExtensions',
  'today:get': 'getToday',
  'today:agents': 'getAgentsToday',
  'history:search': 'searchHistory',
  'history:record': 'getCallRecord',
  'history:recording': 'getRecording',
  'outbound:get': 'getOutbound',
  'outbound:preview': 'previewOutboundList',
  'outbound:load': 'loadOutboundList',
  'outbound:cancel': 'cancelOutboundLoad',
  'outbound:resume': 'resumeOutboundLoad',
  'outbound:act': 'actOnOutboundQueue',
  'outbound:dnc-import': 'importDoNotCall',
  'outbound:dnc-clear': 'clearDoNotCall',
  'outbound:forget': 'forgetOutboundQueue',
  'customers:names': 'getCustomerNames',
  'agent:login': 'loginAgent',
  'agent:user-status': 'getUserStatus',
  'claims:get': 'getClaims',
  'file:save-csv': 'saveCsv',
  'hub:set-password': 'setHubPassword',
} as const;

export const eventChannels = {
  'session:changed': { fn: 'onSession' },
  'floor:reset': { fn: 'onFloorReset' },
  'floor:changed': { fn: 'onFloorChanges' },
  'floor:events': { fn: 'onFloorEvents' },
  'sources:changed': { fn: 'onSources' },
  'abandoned:changed': { fn: 'onAbandoned' },
  'action:done': { fn: 'onActionDone' },
  'settings:changed': { fn: 'onSettings' },
  'ui:select': { fn: 'onSelect' },
  'alerts:changed': { fn: 'onAlerts' },
  'phone:changed': { fn: 'onPhone' },
  /** Today's figures moved (a record pass, or the live queue): the Today view asks again when shown. */
  'today:changed': { fn: 'onTodayChanged' },
  /** The outbound queues the console keeps (a load's progress, a state, the counts), whole. */
  'outbound:changed': { fn: 'onOutbound' },
  /** Names found for numbers the renderer asked about (customers:names) since it asked. */
  'customers:changed': { fn: 'onCustomerNames' },
  /** The floor's call-back claims (on a floor hub), whole. */
  'claims:changed': { fn: 'onClaims' },
} as const satisfies Record<string, { fn: string }>;

/** The name under which the preload exposes the API on `window`. */
export const API_GLOBAL = 'floorwatch';
