// Builds the naive baseline page (bench/naive) into out/bench-naive with Vite, and gives it the console's
// own built stylesheet so both pages are styled alike. The console must be built first.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT, RENDERER_OUT_DIR } from '../../main/web/renderer-build';

const NAIVE_OUT_DIR = join(PROJECT_ROOT, 'out/bench-naive');

export async function buildNaivePage(): Promise<string> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: resolve(import.meta.dirname),
    base: './',
    logLevel: 'warn',
    mode: 'production',
    define: { __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
    build: { outDir: NAIVE_OUT_DIR, emptyOutDir: true },
  });
  const css = readdirSync(join(RENDERER_OUT_DIR, 'assets')).find((f) => f.endsWith('.css'));
  if (!css) throw new Error('the console is not built (no stylesheet in out/renderer/assets)');
  copyFileSync(join(RENDERER_OUT_DIR, 'assets', css), join(NAIVE_OUT_DIR, 'console.css'));
  const index = join(NAIVE_OUT_DIR, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace('</head>', '  <link rel="stylesheet" href="./console.css" />\n  </head>'));
  return NAIVE_OUT_DIR;
}
