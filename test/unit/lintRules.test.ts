/**
 * The import boundaries of DESIGN.md, checked through ESLint's own API against the project's real
 * eslint.config.js: the rule must fire where the design forbids an import and stay quiet where it
 * allows one.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });
const RULE = '@typescript-eslint/no-restricted-imports';

/** The restricted-import messages ESLint reports for `code` as if it lived at `filePath`. */
async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`);
  const fatal = result.messages.filter((message) => message.fatal);
  expect(fatal, 'the snippet must parse').toEqual([]);
  return result.messages
    .filter((message) => message.ruleId === RULE)
    .map((message) => message.message);
}

describe('core/ never imports Electron', () => {
  it('reports a core file importing electron', async () => {
    const messages = await restrictedImports(
      "import { app } from 'electron';\nexport const name = app.getName();\n",
      'electron/core/whatever.ts',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/Platform/);
  });

  it('reports a type-only import of electron in core too', async () => {
    const messages = await restrictedImports(
      "import type { Session } from 'electron';\nexport type S = Session;\n",
      'electron/core/session/whatever.ts',
    );
    expect(messages).toHaveLength(1);
  });

  it('reports electron-store, which loads Electron itself', async () => {
    const messages = await restrictedImports(
      "import Store from 'electron-store';\nexport const store = new Store();\n",
      'electron/core/whatever.ts',
    );
    expect(messages).toHaveLength(1);
  });

  it('lets core import the rest of electron/ and ordinary packages', async () => {
    const messages = await restrictedImports(
      [
        "import * as v from 'valibot';",
        "import type { Platform } from './platform.js';",
        "import { UserFacingError } from '../UserFacingError.js';",
        'export const x: [unknown, unknown, Platform | null] = [v, UserFacingError, null];',
        '',
      ].join('\n'),
      'electron/core/whatever.ts',
    );
    expect(messages).toEqual([]);
  });

  it('reports a core file importing the IPC contract, even for types', async () => {
    const messages = await restrictedImports(
      "import type { SessionState } from '../../ipc/contract.js';\nexport type S = SessionState;\n",
      'electron/core/session/whatever.ts',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/domain types/);
  });

  it('lets AppCore, which answers the contract, import it', async () => {
    const messages = await restrictedImports(
      "import type { CommandHandlers } from '../ipc/contract.js';\nexport type H = CommandHandlers;\n",
      'electron/core/AppCore.ts',
    );
    expect(messages).toEqual([]);
  });

  it('does not restrict the Electron adapters outside core', async () => {
    const messages = await restrictedImports(
      "import { safeStorage } from 'electron';\nexport const ok = safeStorage.isEncryptionAvailable();\n",
      'electron/platform/whatever.ts',
    );
    expect(messages).toEqual([]);
  });
});

describe('renderer/ reaches main only through preload', () => {
  it('reports a renderer file importing electron', async () => {
    const messages = await restrictedImports(
      "import { ipcRenderer } from 'electron';\nexport const r = ipcRenderer;\n",
      'renderer/src/lib/whatever.ts',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/window\.matrixApp/);
  });

  it('reports a renderer file importing a value from electron/core', async () => {
    const messages = await restrictedImports(
      "import { systemClock } from '../../../electron/core/platform.js';\nexport const c = systemClock;\n",
      'renderer/src/lib/whatever.ts',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/main-process code/);
  });

  it('reports a type-only import from electron/core as well', async () => {
    const messages = await restrictedImports(
      "import type { Platform } from '../../../electron/core/platform.js';\nexport type P = Platform;\n",
      'renderer/src/lib/whatever.ts',
    );
    expect(messages).toHaveLength(1);
  });

  it('reports a value import of the contract', async () => {
    const messages = await restrictedImports(
      "import { commandNames } from '../../../electron/ipc/contract.js';\nexport const n = commandNames;\n",
      'renderer/src/lib/whatever.ts',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/import type/);
  });

  it('accepts a type-only import of the contract', async () => {
    const messages = await restrictedImports(
      [
        "import type { AppApi, SessionState } from '../../../electron/ipc/contract.js';",
        "import { type EventName } from '../../../electron/ipc/contract.js';",
        'export type Pair = [AppApi, SessionState, EventName];',
        '',
      ].join('\n'),
      'renderer/src/lib/whatever.ts',
    );
    expect(messages).toEqual([]);
  });

  it('applies to Svelte components too', async () => {
    const messages = await restrictedImports(
      [
        '<script lang="ts">',
        "  import { shell } from 'electron';",
        "  import type { AppState } from '../../../electron/ipc/contract.js';",
        '  let { state }: { state: AppState } = $props();',
        '  const open = () => shell.openExternal(String(state));',
        '</script>',
        '<button onclick={open}>Open</button>',
        '',
      ].join('\n'),
      'renderer/src/components/Whatever.svelte',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/window\.matrixApp/);
  });
});
