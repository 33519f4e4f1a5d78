// npm start's first step (package.json `prestart`): the Electron the desktop shell runs on. Its npm package
// is installed here, from this folder's own package-lock.json, and not by the project's `npm ci`: every
// supported Electron's package asks for Node 22.12 while the project's line is Node 20.19+ (README.md
// beside this file). Then Electron's own installer fetches the binary for this platform (a no-op once it is
// there). Does nothing more when both are in place.
// `--types` (npm run electron:types, after a version change): install the package and copy its type
// definitions beside this file instead of fetching the binary.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const wanted = readJson(join(here, 'package.json')).dependencies.electron;
const installed = join(here, 'node_modules', 'electron', 'package.json');

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: here, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(installed) || readJson(installed).version !== wanted) {
  // npm runs this script and names itself in npm_execpath; `node install.mjs` alone has no npm to call.
  const npm = process.env.npm_execpath;
  if (!npm) {
    console.error('electron-runtime/install.mjs: run it through npm (npm start), which names its own npm-cli.');
    process.exit(1);
  }
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 12)) {
    console.log(`Installing Electron ${wanted} for npm start. Its npm package asks for Node 22.12 (EBADENGINE below);`);
    console.log('its installer runs on Node 20.19+ too, which is all it does here.');
  }
  run([npm, 'ci', '--no-audit', '--no-fund']);
}
if (process.argv.includes('--types')) copyFileSync(join(here, 'node_modules', 'electron', 'electron.d.ts'), join(here, 'electron.d.ts'));
else run([join(here, 'node_modules', 'electron', 'install.js')]);
