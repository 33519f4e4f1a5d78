// The architecture lint (eslint-rules/architecture.js): the table in docs/ARCHITECTURE.md and the lint's
// copy in eslint.config.js are the same, every row refuses a crossing (a folder it may not reach, a package
// it may not use), and an import circle fails, type-only or not. The crossings are linted as if they were
// files in the real tree (a scratch file name in each folder); the circle is a scratch copy on disk. Then the
// same through `npm run lint`'s own configuration (eslint.config.js, ESLint's API as the CLI uses it) on a
// scratch copy of the tree: a crossing file added in each row's folder, and a circle closed between real files.
import { appendFileSync, cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';
import architecture, { ARCHITECTURE } from '../../eslint-rules/architecture.js';

const root = join(import.meta.dirname, '..', '..');

function lint(file: string, code: string, rules: Linter.RulesRecord, cwd = root): string[] {
  const linter = new Linter({ configType: 'flat', cwd });
  const messages = linter.verify(code, [{
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser as Linter.Parser, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { architecture: architecture as never },
    rules,
  }], { filename: file });
  return messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

const layers = (folder: string, code: string): string[] =>
  lint(join(root, folder, '__scratch__.ts'), code, { 'architecture/layers': ['error', ARCHITECTURE] });

// For every row: one project folder it may not reach and one package it may not use.
const crossings: Record<string, { folder: string; pkg: string }> = {
  'common': { folder: "import { createCore } from '../main/core/create-core';", pkg: "import axios from 'axios';" },
  'main/core': { folder: "import { createFloor } from '../simulator/floor';", pkg: "import { WebSocketServer } from 'ws';" },
  'main/simulator': { folder: "import { createCore } from '../core/create-core';", pkg: "import axios from 'axios';" },
  'main/web': { folder: "import { runApp } from '../electron/app-main';", pkg: "import { app } from 'electron';" },
  'main/hub': { folder: "import { runApp } from '../electron/app-main';", pkg: "import { WebSocketServer } from 'ws';" },
  'main/electron': { folder: "import { useFloorStore } from '../../renderer/src/stores/floor';", pkg: "import axios from 'axios';" },
  'preload': { folder: "import { createCore } from '../main/core/create-core';", pkg: "import { readFileSync } from 'node:fs';" },
  'renderer': { folder: "import { createCore } from '../main/core/create-core';", pkg: "import { readFileSync } from 'node:fs';" },
};

describe('the architecture table', () => {
  it('docs/ARCHITECTURE.md and eslint.config.js hold the same rows', () => {
    const doc = readFileSync(join(root, 'docs', 'ARCHITECTURE.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `([^`]+)\/` \| ([^|]+) \|/gm)].map((m) => ({ folder: m[1], may: m[2]?.trim() }));
    expect(rows).toEqual(ARCHITECTURE.map((r) => ({ folder: r.folder, may: r.may })));
  });

  it('names a crossing for every row', () => {
    expect(Object.keys(crossings).sort()).toEqual(ARCHITECTURE.map((r) => r.folder).sort());
  });

  for (const row of ARCHITECTURE) {
    it(`${row.folder}/ refuses a folder and a package its row does not name, and takes what it does`, () => {
      const crossing = crossings[row.folder] as { folder: string; pkg: string };
      expect(layers(row.folder, crossing.folder)).toEqual([expect.stringMatching(/^architecture\/layers: .* may not import /)]);
      expect(layers(row.folder, crossing.pkg)).toEqual([expect.stringMatching(/^architecture\/layers: .* may not import /)]);
      // Type-only imports cross a layer all the same.
      expect(layers(row.folder, crossing.folder.replace('import {', 'import type {'))).toHaveLength(1);
      const allowed = row.packages.filter((p) => p !== 'node').map((p) => `import '${p}';`).join('\n');
      expect(layers(row.folder, `${allowed}\nimport type { AppError } from '${row.folder.includes('/') ? '../../' : '../'}common/domain';`)).toEqual([]);
    });
  }
});

describe('import circles', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'fw-cycle-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const write = (path: string, code: string): string => {
    const file = join(scratch, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, code);
    return file;
  };
  const noCycle = (file: string): string[] =>
    lint(file, readFileSync(file, 'utf8'), { 'architecture/no-cycle': ['error', { root: scratch }] }, scratch);

  it('fails on a circle (a type-only import closes it too) and passes a one-way chain', () => {
    const a = write('main/core/connectors/a.ts', "import type { B } from '../decode/b';\nexport class AError extends Error {}\nexport type A = B;\n");
    write('main/core/decode/b.ts', "import { AError } from '../connectors/a';\nexport type B = AError;\n");
    const c = write('main/core/http/c.ts', "export const c = 1;\n");
    write('main/core/decode/d.ts', "import { c } from '../http/c';\nexport const d = c;\n");
    expect(noCycle(a)).toEqual([
      'architecture/no-cycle: Import circle: main/core/connectors/a.ts -> main/core/decode/b.ts -> main/core/connectors/a.ts. Move what both need down a layer.',
    ]);
    expect(noCycle(c)).toEqual([]);
  });

  it('the repository has none', () => {
    const file = join(root, 'main', 'core', 'connectors', 'connector.ts');
    expect(lint(file, readFileSync(file, 'utf8'), { 'architecture/no-cycle': 'error' })).toEqual([]);
  });
});

describe('npm run lint on a scratch copy of the tree', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'fw-lint-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  for (const path of ['common', 'main', 'preload', 'renderer', 'test', 'bench', 'scripts', 'build', 'eslint-rules', 'eslint.config.js', 'package.json']) {
    cpSync(join(root, path), join(scratch, path), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  const add = (path: string, code: string): string => {
    writeFileSync(join(scratch, path), code);
    return path;
  };
  /** The project's lint (eslint.config.js in the copy) over the named files: each file's architecture messages. */
  async function lintCopy(files: string[]): Promise<Map<string, string[]>> {
    const results = await new ESLint({ cwd: scratch }).lintFiles(files);
    return new Map(results.map((r) => [
      r.filePath.slice(scratch.length + 1),
      r.messages.filter((m) => m.ruleId?.startsWith('architecture/') || m.fatal).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`),
    ]));
  }

  it('fails on a crossing of every row of the table and on an import circle, and passes what the rows allow', async () => {
    const expected = new Map<string, RegExp[]>();
    for (const row of ARCHITECTURE) {
      const crossing = crossings[row.folder] as { folder: string; pkg: string };
      expected.set(add(`${row.folder}/__crossing_folder__.ts`, `${crossing.folder}\n`), [/^architecture\/layers: .* may not import /]);
      expected.set(add(`${row.folder}/__crossing_package__.ts`, `${crossing.pkg}\n`), [/^architecture\/layers: .* may not import /]);
      const allowed = row.packages.filter((p) => p !== 'node').map((p) => `import '${p}';`).join('\n');
      expected.set(add(`${row.folder}/__allowed__.ts`, `${allowed}\nimport '${row.folder.includes('/') ? '../../' : '../'}common/domain';\n`), []);
    }
    // The circle issue 15 named: connector.ts -> decode/list-decoder.ts -> http/http-errors.ts, closed again.
    const errors = 'main/core/http/http-errors.ts';
    appendFileSync(join(scratch, errors), "import type { Connector } from '../connectors/connector';\nexport type CircleProbe = Connector;\n");
    expected.set(errors, [/^architecture\/no-cycle: Import circle: main\/core\/http\/http-errors\.ts -> main\/core\/connectors\/connector\.ts -> .* -> main\/core\/http\/http-errors\.ts\./]);

    const found = await lintCopy([...expected.keys()]);
    for (const [file, patterns] of expected) {
      expect({ file, messages: found.get(file) }).toEqual({ file, messages: patterns.map((p) => expect.stringMatching(p)) });
    }
  }, 120_000);
});
