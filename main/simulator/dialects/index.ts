// The dialects the simulator speaks, tried in order for every PBX-API request. Adding a dialect is one
// module in this folder plus one line here.
import type { DialectFactory } from '../dialect';
import { createCcAgentDialect } from './ccagent';
import { createEvoluxDialect } from './evolux';
import { createTel4vnDialect } from './tel4vn';

export const DIALECTS: readonly DialectFactory[] = [
  createTel4vnDialect,
  createEvoluxDialect,
  createCcAgentDialect,
];
