// Electron's npm package lives in electron-runtime/ (its own lock, installed by npm start), not in the
// project's npm ci, which must stay free of engine warnings on Node 20 (electron-runtime/README.md). One
// Electron version in four places, held equal here: electron-runtime's package.json, its lock, the header of
// the type definitions the shell is checked against, and the version electron-builder packs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const json = (path: string): Record<string, Record<string, { version?: string } | string>> => JSON.parse(read(path));

describe('electron-runtime', () => {
  const pinned = json('electron-runtime/package.json').dependencies?.electron as string;

  it('pins one exact Electron, the same in its lock, its type definitions and electron-builder.yml', () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect((json('electron-runtime/package-lock.json').packages?.['node_modules/electron'] as { version: string }).version).toBe(pinned);
    expect(read('electron-runtime/electron.d.ts').split('\n')[0]).toBe(`// Type definitions for Electron ${pinned}`);
    expect(read('electron-builder.yml')).toMatch(new RegExp(`^electronVersion: ${pinned.replaceAll('.', '\\.')}$`, 'm'));
  });

  it("keeps Electron's packages out of the project's own install (their engines ask for Node 22.12)", () => {
    const project = json('package.json');
    for (const group of ['dependencies', 'devDependencies', 'optionalDependencies']) expect(project[group] ?? {}).not.toHaveProperty('electron');
    const locked = Object.keys(json('package-lock.json').packages ?? {});
    expect(locked.filter((p) => /node_modules\/(electron|@electron\/get|@electron-internal\/[^/]+)$/.test(p))).toEqual([]);
    // The shell's type-check reads the kept definitions, and npm start installs the package first.
    expect(JSON.parse(read('tsconfig.node.json')).include).toContain('electron-runtime/electron.d.ts');
    expect(project.scripts).toMatchObject({ prestart: 'node electron-runtime/install.mjs' });
  });
});
