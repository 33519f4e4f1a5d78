// Types of the plain-JS lint plugin (eslint-rules/architecture.js), for the tests that load it.
import type { ESLint } from 'eslint';

export interface ArchitectureRow {
  /** A top folder of the repository, e.g. 'main/core'. */
  folder: string;
  /** The row's "may import" cell in docs/ARCHITECTURE.md, word for word. */
  may: string;
  folders: string[];
  /** Package names; 'node' stands for Node's built-in modules. */
  packages: string[];
}

export const ARCHITECTURE: ArchitectureRow[];

declare const plugin: ESLint.Plugin;
export default plugin;
