// The project's own lint rules for its shape (used by eslint.config.js), and ARCHITECTURE, the table they enforce:
//   architecture/layers    every row of the table in docs/ARCHITECTURE.md: a folder imports only the folders
//                          and packages its row names (relative imports are resolved to the folder they reach)
//   architecture/no-cycle  no import circle between the project's files, type-only imports included: the
//                          layers point one way
// Plain JS with no dependency, so that it runs wherever ESLint does.
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The table in docs/ARCHITECTURE.md, one entry a row: `may` is the row's text; `folders` and `packages`
 * are what it allows ('node' is Node's built-in modules). A folder may always import its own files.
 */
export const ARCHITECTURE = [
  { folder: 'common', may: 'zod, papaparse', folders: [], packages: ['zod', 'papaparse'] },
  {
    folder: 'main/core', may: 'common, node, axios, zod, atomically, json5, read-excel-file',
    folders: ['common'], packages: ['node', 'axios', 'zod', 'atomically', 'json5', 'read-excel-file'],
  },
  { folder: 'main/simulator', may: 'common, node', folders: ['common'], packages: ['node'] },
  {
    folder: 'main/web', may: 'common, core, simulator, hub (a console on a floor hub), node, ws, vite (to build the renderer it serves)',
    folders: ['common', 'main/core', 'main/simulator', 'main/hub'], packages: ['node', 'ws', 'vite'],
  },
  {
    folder: 'main/hub', may: 'common, core, web (its core deps and command line), node, @nats-io/transport-node, @nats-io/jetstream, @nats-io/kv',
    folders: ['common', 'main/core', 'main/web'], packages: ['node', '@nats-io/transport-node', '@nats-io/jetstream', '@nats-io/kv'],
  },
  {
    folder: 'main/electron', may: 'common, everything in main, node, electron, electron-store, zod',
    folders: ['common', 'main/core', 'main/simulator', 'main/web', 'main/hub'], packages: ['node', 'electron', 'electron-store', 'zod'],
  },
  { folder: 'preload', may: 'common, electron', folders: ['common'], packages: ['electron'] },
  {
    folder: 'renderer', may: 'common, vue, pinia, vue-i18n, zod, uplot',
    folders: ['common'], packages: ['vue', 'pinia', 'vue-i18n', 'zod', 'uplot'],
  },
];

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const NODE_BUILTINS = new Set(builtinModules);
const toPosix = (p) => p.split(sep).join('/');
const rel = (file) => toPosix(relative(ROOT, file));

/** Every module specifier a file names: static imports and exports (type-only too), dynamic imports. */
const SPECIFIER = /(?:^|[^\w$.])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function specifiersOf(source) {
  const out = [];
  for (const m of source.matchAll(SPECIFIER)) out.push(m[1] ?? m[2]);
  return out;
}

const EXTENSIONS = ['', '.ts', '.vue', '.js', '.mjs', '/index.ts', '/index.js'];

/** The project file a relative specifier reaches, or null (not found, or not a file of ours). */
function resolveRelative(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** The package a bare specifier names ('@scope/name' or 'name'), or 'node' for a Node built-in. */
function packageOf(specifier) {
  if (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0])) return 'node';
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The row of `table` whose folder holds `file` (the longest match), or undefined. */
function rowOf(table, file) {
  const path = rel(file);
  let best;
  for (const row of table) {
    if ((path === row.folder || path.startsWith(`${row.folder}/`)) && (!best || row.folder.length > best.folder.length)) best = row;
  }
  return best;
}

function checkSpecifier(context, node, specifier, table, row) {
  if (specifier.startsWith('.')) {
    const target = resolveRelative(context.filename, specifier);
    if (!target) return;
    const targetRow = rowOf(table, target);
    if (!targetRow || targetRow === row || row.folders.includes(targetRow.folder)) return;
    context.report({ node, message: `${row.folder}/ may not import ${targetRow.folder}/ (docs/ARCHITECTURE.md: it may import ${row.may}).` });
    return;
  }
  const pkg = packageOf(specifier);
  if (row.packages.includes(pkg)) return;
  context.report({ node, message: `${row.folder}/ may not import ${pkg === 'node' ? `Node's ${specifier}` : `'${pkg}'`} (docs/ARCHITECTURE.md: it may import ${row.may}; a new dependency goes into that row and ARCHITECTURE in eslint-rules/architecture.js).` });
}

/** Each import, export-from and literal dynamic import of a file, with its specifier. */
function onImports(check) {
  const visit = (node) => {
    if (node.source && typeof node.source.value === 'string') check(node, node.source.value);
  };
  return { ImportDeclaration: visit, ExportNamedDeclaration: visit, ExportAllDeclaration: visit, ImportExpression: visit };
}

const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'a folder imports only what its row of the architecture table allows' },
    schema: [{ type: 'array' }],
  },
  create(context) {
    const table = context.options[0] ?? [];
    const row = rowOf(table, context.filename);
    if (!row) return {};
    return onImports((node, specifier) => checkSpecifier(context, node, specifier, table, row));
  },
};

// ---- import circles --------------------------------------------------------------------------------------
const SCANNED = ['common', 'main', 'preload', 'renderer', 'bench', 'test', 'scripts', 'build'];
const SOURCE_FILE = /\.(ts|vue|js|mjs)$/;
/** The import graph of each project root, built once per lint run at the first file that asks. */
const graphs = new Map();

function listFiles(dir, out) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, out);
    else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The project's import graph and, for each file in a circle, the id of its strongly connected component. */
function buildGraph(root) {
  const edges = new Map();
  for (const file of SCANNED.flatMap((d) => listFiles(join(root, d), []))) {
    const targets = new Set();
    for (const s of specifiersOf(readFileSync(file, 'utf8'))) {
      if (!s.startsWith('.')) continue;
      const target = resolveRelative(file, s);
      if (target && target !== file) targets.add(target);
    }
    edges.set(file, [...targets]);
  }
  // Tarjan's strongly connected components; a component of two or more files is a circle.
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const component = new Map();
  let next = 0;
  let componentId = 0;
  const strong = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const members = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        members.push(w);
      } while (w !== v);
      if (members.length > 1) {
        componentId++;
        for (const m of members) component.set(m, componentId);
      }
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) strong(v);
  return { edges, component };
}

/** One path from `from` back to `to` inside their component (breadth first), for the message. */
function pathWithin(g, root, from, to) {
  const id = g.component.get(from);
  const previous = new Map([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const v = queue.shift();
    if (v === to) break;
    for (const w of g.edges.get(v) ?? []) {
      if (g.component.get(w) === id && !previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  const path = [];
  for (let v = to; v !== null && v !== undefined; v = previous.get(v)) path.unshift(toPosix(relative(root, v)));
  return path;
}

const noCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'no import circle between the project\'s files' },
    // `root`: the project to scan (default: this repository; the rule's own test points it at a scratch copy).
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
  },
  create(context) {
    const root = context.options[0]?.root ?? ROOT;
    if (!graphs.has(root)) graphs.set(root, buildGraph(root));
    const graph = graphs.get(root);
    const file = context.filename;
    const id = graph.component.get(file);
    if (id === undefined) return {};
    return onImports((node, specifier) => {
      if (!specifier.startsWith('.')) return;
      const target = resolveRelative(file, specifier);
      if (!target || graph.component.get(target) !== id) return;
      const back = pathWithin(graph, root, target, file);
      const circle = [toPosix(relative(root, file)), ...back].join(' -> ');
      context.report({ node, message: `Import circle: ${circle}. Move what both need down a layer.` });
    });
  },
};

export default { rules: { layers, 'no-cycle': noCycle } };
