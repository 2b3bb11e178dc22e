import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

const INCLUDE = ['test/**/*.test.ts'];
// The real-server tier has its own config (vitest.real.config.ts, npm run test:real).
const EXCLUDE = [...configDefaults.exclude, 'test/real/**'];

/**
 * What a test file does to the process that a later file in the same worker would inherit:
 * module mocks, stubbed globals or environment, fake timers, spies on shared objects, process
 * listeners, a replaced global, or a fixture CA of its own (`freshCertificate`: every CA the
 * fixtures make is trusted by their server-to-server calls for the life of the process, and
 * OpenSSL, finding several CAs of the same name, checks a certificate against the wrong one).
 * Such files keep a fresh worker each.
 */
const TOUCHES_THE_PROCESS =
  /\bvi\.(mock|doMock|unmock|doUnmock|hoisted|stubGlobal|stubEnv|useFakeTimers|spyOn|resetModules)\b|process\.env\.\w+\s*=[^=]|process\.on\(|globalThis\.\w+\s*=[^=]|setGlobalDispatcher|freshCertificate/;

function filesThatTouchTheProcess(): string[] {
  return globSync(INCLUDE, { cwd: ROOT, exclude: (path) => path.startsWith('test/real/') }).filter(
    (file) => TOUCHES_THE_PROCESS.test(readFileSync(join(ROOT, file), 'utf8')),
  );
}

const ISOLATED = filesThatTouchTheProcess();

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Fixture servers bind ephemeral loopback ports, so files can run in parallel safely.
    pool: 'forks',
    // One worker per core. Vitest's default for `run` is one fewer, which on CI's two cores
    // left a single worker doing all the files while the main process idled after transforming.
    maxWorkers: '100%',
    projects: [
      {
        extends: true,
        test: { name: 'isolated', include: ISOLATED, exclude: EXCLUDE },
      },
      {
        extends: true,
        test: {
          name: 'shared',
          include: INCLUDE,
          exclude: [...EXCLUDE, ...ISOLATED],
          // Every other file leaves the process as it found it, so a worker runs file after file
          // and imports matrix-js-sdk, the fixtures and the core once instead of once per file
          // (about a third of the run was these imports).
          isolate: false,
        },
      },
    ],
  },
});
