/**
 * The complete sample in README's "For administrators" section is a file an administrator will
 * copy: it must load without a single problem and mean what the README says.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tlsMaterialFor } from '../../fixtures/shared/tlsMaterial.js';
import { makeConfigDirs, type ConfigDirs } from './configFiles.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

function readmeSample(): string {
  const section = readme.split('### Complete sample')[1] ?? '';
  const sample = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (!sample) throw new Error('README has no JSON block under "### Complete sample"');
  return sample;
}

let dirs: ConfigDirs;
beforeEach(() => (dirs = makeConfigDirs()));
afterEach(() => dirs.remove());

it('loads the README sample as the system file without a problem', async () => {
  const { caPem } = await tlsMaterialFor({ freshCertificate: true })!;
  writeFileSync(join(dirs.systemDir, 'corp-root-ca.pem'), caPem);
  dirs.write(dirs.systemFile, readmeSample());
  dirs.write(dirs.userFile, { proxy: { mode: 'direct' }, updates: { enabled: true } });

  const result = dirs.load();

  expect(result.config.default_server_config?.['m.homeserver']?.base_url).toBe(
    'https://portal.corp.example',
  );
  expect(result.config.extra_ca_certificates.map((pem) => pem.trim())).toEqual([caPem.trim()]);
  // The sample locks both keys the user's file tries to change.
  expect(result.config.proxy).toMatchObject({ mode: 'manual' });
  expect(result.config.updates).toEqual({ enabled: false });
  expect(result.problems.map((p) => [p.path, p.key])).toEqual([
    [dirs.userFile, 'proxy'],
    [dirs.userFile, 'updates'],
  ]);
});
