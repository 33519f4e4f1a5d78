// Lint, and the layering rule that keeps the tree honest (VS Code's common/ browser/ electron-main/):
//   common/     imports nothing runtime-specific (no node:, electron, DOM-only or Vue code)
//   main/core/  never imports electron (it runs under plain Node: tests, web host, bench)
//   renderer/   imports only common/ and its own files (talks to main only through the bridge)
//   nothing     imports from renderer/ (except its own tests)
import js from '@eslint/js';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'http', 'https', 'net', 'crypto', 'child_process', 'url', 'stream', 'events', 'util', 'zlib', 'worker_threads'];
const fromRenderer = { group: ['**/renderer/**', '../renderer/*', '../../renderer/*'], message: 'Nothing imports the renderer: share code through common/.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'bench/results/**', 'docs/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['common/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'common/ is shared by all three runtimes.' }, { name: 'vue', message: 'common/ has no UI code.' }, { name: 'pinia', message: 'common/ has no UI code.' }],
        patterns: [{ group: [...nodeBuiltins, 'axios', 'ws', 'electron-store'], message: 'common/ imports nothing runtime-specific.' }, fromRenderer, { group: ['**/main/**', '**/preload/**'], message: 'common/ is the bottom layer.' }],
      }],
    },
  },
  {
    files: ['main/**', 'preload/**', 'bench/**', 'test/**'],
    ignores: ['test/renderer/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [fromRenderer] }] },
  },
  {
    files: ['main/core/**', 'main/simulator/**', 'main/web/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only main/electron and preload may import electron.' }, { name: 'electron-store', message: 'Only main/electron may import electron-store.' }],
        patterns: [fromRenderer, { group: ['**/electron/**', '../electron/*'], message: 'The core does not know its host.' }],
      }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to main only through the bridge.' }, { name: 'axios', message: 'The renderer never talks to the PBX.' }],
        patterns: [{ group: [...nodeBuiltins, '**/main/**', '**/preload/**', 'ws', 'electron-store'], message: 'renderer/ imports only common/ and its own files.' }],
      }],
    },
  },
);
