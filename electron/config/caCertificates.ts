/**
 * One entry of `extra_ca_certificates`: PEM text, or the path of a PEM file (relative paths
 * from the config file's folder). The file is read now, so everything later works on PEM
 * strings and a missing or broken file is named at start, with its config file, not at the
 * first TLS failure. Each certificate is parsed, so a typo is a problem here rather than a CA
 * that silently trusts nothing.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

const MAX_PEM_BYTES = 1024 * 1024;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export type CaEntryResult = { ok: true; certificates: string[] } | { ok: false; reason: string };

export function readCaEntry(entry: string, configDir: string): CaEntryResult {
  if (entry.includes('-----BEGIN')) return parsePem(entry, 'the PEM text');
  const file = isAbsolute(entry) ? entry : resolve(configDir, entry);
  let text: string;
  try {
    const stat = statSync(file);
    // A device or a pipe (/dev/zero, a FIFO) would never finish reading: regular files only.
    if (!stat.isFile()) return { ok: false, reason: `${file} is not a file` };
    if (stat.size > MAX_PEM_BYTES) return { ok: false, reason: `${file} is larger than 1 MiB` };
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, reason: `${file} cannot be read (${errorCode(error)})` };
  }
  return parsePem(text, file);
}

function parsePem(text: string, what: string): CaEntryResult {
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) return { ok: false, reason: `${what} holds no PEM certificate` };
  const certificates: string[] = [];
  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return { ok: false, reason: `certificate ${index + 1} in ${what} cannot be parsed` };
    }
    certificates.push(`${block}\n`);
  }
  return { ok: true, certificates };
}

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
