// Lint, and the rules that keep the tree honest:
//   architecture/layers    each folder imports only what its row of the table in docs/ARCHITECTURE.md
//                          names (ARCHITECTURE below is that table; test/common/architecture-table.test.ts
//                          keeps the two the same)
//   architecture/no-cycle  no import circle anywhere (eslint-rules/architecture.js)
//   nothing imports from renderer/ (except its own tests)
import js from '@eslint/js';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import architecture, { ARCHITECTURE } from './eslint-rules/architecture.js';

const fromRenderer = { group: ['**/renderer/**', '../renderer/*', '../../renderer/*'], message: 'Nothing imports the renderer: share code through common/.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'bench/results/**', 'docs/screenshots/**', 'electron-runtime/electron.d.ts'] },
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
    plugins: { architecture },
    rules: { 'architecture/no-cycle': 'error' },
  },
  {
    files: ['common/**', 'main/**', 'preload/**', 'renderer/**'],
    rules: { 'architecture/layers': ['error', ARCHITECTURE] },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['bench/**', 'test/**'],
    ignores: ['test/renderer/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [fromRenderer] }] },
  },
);
