// ESLint flat config: recommended rules for JS, TS and Svelte, Prettier owning formatting, and
// the import boundaries of DESIGN.md enforced rather than hoped for:
//   - electron/core/** never imports Electron: it runs unchanged in Node tests, the browser
//     bridge and benchmarks, and gets everything from the injected Platform.
//   - electron/core/** never imports electron/ipc/: domain types belong to the core and the IPC
//     contract uses them, not the other way round. AppCore.ts, the one place that answers the
//     contract's commands, is the exception.
//   - renderer/** never imports Electron or main-process code: the only thing it may take from
//     electron/ is types from the IPC contract (`import type ... from '.../electron/ipc/contract.js'`).
import { existsSync } from 'node:fs';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The Svelte parser reads compiler options from svelte.config.js when the project has one.
const svelteConfig = existsSync(new URL('./svelte.config.js', import.meta.url))
  ? (await import('./svelte.config.js')).default
  : undefined;

const NOT_ELECTRON_IN_CORE =
  'core/ runs outside Electron too (unit tests, the test bridge, benchmarks): take what you need from the injected Platform (electron/core/platform.ts).';
const NOT_ELECTRON_IN_RENDERER =
  'The renderer is sandboxed: it reaches main only through the API preload exposes (window.matrixApp).';
const CONTRACT_TYPES_ONLY =
  'Import the IPC contract with `import type`: its values are main-process code; at run time the renderer has only window.matrixApp.';
const NOT_IPC_IN_CORE =
  'core/ owns its domain types; the IPC contract imports them from core, not the other way round (only AppCore.ts, which answers the contract, may import electron/ipc/).';
const NO_MAIN_PROCESS_CODE =
  'The renderer must not import main-process code (electron/). Only `import type` from electron/ipc/contract is allowed.';

/** A package and its subpaths, as a restricted-import regex (`electron`, `electron/main`). */
const packageRegex = (name) => `^${name}(/.*)?$`;

/** What AppCore.ts, the core's composition root, may not import: Electron. */
export const appCoreImportRestrictions = {
  patterns: [
    { regex: packageRegex('electron'), message: NOT_ELECTRON_IN_CORE },
    // electron-store loads Electron itself.
    { regex: packageRegex('electron-store'), message: NOT_ELECTRON_IN_CORE },
  ],
};

/** What the rest of core/ may not import: Electron, and the IPC layer above it. */
export const coreImportRestrictions = {
  patterns: [
    ...appCoreImportRestrictions.patterns,
    // A relative path reaching electron/ipc/ from anywhere in core (`../ipc/`, `../../ipc/`).
    { regex: '(^|/)ipc/', message: NOT_IPC_IN_CORE },
  ],
};

export const rendererImportRestrictions = {
  patterns: [
    { regex: packageRegex('electron'), message: NOT_ELECTRON_IN_RENDERER },
    { regex: packageRegex('electron-store'), message: NOT_ELECTRON_IN_RENDERER },
    // A pattern with allowTypeImports lets type-only imports through; value imports still fail.
    {
      regex: '(^|/)electron/ipc/contract(\\.js|\\.ts)?$',
      allowTypeImports: true,
      message: CONTRACT_TYPES_ONLY,
    },
    // Everything else under electron/ (the path segment, not the package: see the first entry).
    { regex: '(^|/)electron/(?!ipc/contract(\\.js|\\.ts)?$)', message: NO_MAIN_PROCESS_CODE },
  ],
};

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      '.vite/',
      'out/',
      'dist/',
      'test-results/',
      'playwright-report/',
      '.ci/.node/',
      '.tmp/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.svelte'],
        svelteConfig,
      },
    },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Playwright tests and the bridge client run code in the page as well as in Node.
    files: ['test/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['electron/core/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', coreImportRestrictions] },
  },
  {
    files: ['electron/core/AppCore.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', appCoreImportRestrictions] },
  },
  {
    files: ['renderer/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', rendererImportRestrictions] },
  },
  prettier,
);
