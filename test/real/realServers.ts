/**
 * The real Synapse 1.67 + Sydent 2.6.1 of ../shared/realservers (README there), for the
 * `test:real` tier. They are set up once per machine (`setup.sh`, which `.ci/run` runs) under
 * `$REALSERVERS_ROOT` (default `${TMPDIR:-/tmp}/realservers`); where that was never done the
 * tier reports itself skipped with this reason, never passes silently.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REAL_ROOT = process.env.REALSERVERS_ROOT ?? join(tmpdir(), 'realservers');
export const SYNAPSE = 'http://127.0.0.1:8008';
/** Synapse reaches identity servers over https only: the app uses Sydent's TLS front too. */
export const SYDENT_TLS = 'https://127.0.0.1:8443';
export const SMTP_LOG = join(REAL_ROOT, 'logs', 'smtp.out');

/** Why the real servers cannot be used here, or null when they can. */
export function realServersMissing(): string | null {
  if (!existsSync(join(REAL_ROOT, 'start.sh'))) {
    return (
      `skipped: real servers not available, see ../shared/realservers/README.md ` +
      `(${REAL_ROOT}/start.sh is missing: run ../shared/realservers/setup.sh once on this machine)`
    );
  }
  return null;
}

/** The self-signed certificate of Sydent's TLS front (it is its own CA). */
export function sydentTlsCa(): string {
  return readFileSync(join(REAL_ROOT, 'conf', 'tls.crt'), 'utf8');
}

/** Where the mail sink's log ends now: mails sent later are read from here on. */
export function mailLogOffset(): number {
  return existsSync(SMTP_LOG) ? statSync(SMTP_LOG).size : 0;
}

/**
 * The first link in a mail sent to `to` after `offset` whose URL contains `pathPart`, as the
 * user would click it. The sink prints raw messages with base64-encoded MIME parts, so each
 * base64 block is decoded before searching. Polls for up to 15 s (mail delivery is async).
 */
export async function waitForMailLink(
  to: string,
  offset: number,
  pathPart: string,
): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const link = findLink(readFrom(offset), to, pathPart);
    if (link !== null) return link;
    if (Date.now() > deadline) {
      throw new Error(`no mail to ${to} with a link containing ${pathPart} in ${SMTP_LOG}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function readFrom(offset: number): string {
  if (!existsSync(SMTP_LOG)) return '';
  return readFileSync(SMTP_LOG).subarray(offset).toString('utf8');
}

function findLink(raw: string, to: string, pathPart: string): string | null {
  if (!raw.toLowerCase().includes(to.toLowerCase())) return null;
  const decoded = raw
    .split(/\r?\n\r?\n/)
    .map((block) => {
      const compact = block.replace(/\s+/g, '');
      return /^[A-Za-z0-9+/]+=*$/.test(compact) && compact.length >= 16
        ? Buffer.from(compact, 'base64').toString('utf8')
        : block;
    })
    .join('\n');
  const links = decoded.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
  const link = links.find((l) => l.includes(pathPart));
  return link === undefined ? null : link.replace(/&amp;/g, '&');
}

/** The user clicks the link in a mail (their browser, not the app); throws unless it worked. */
export async function followMailLink(link: string): Promise<void> {
  const response = await fetch(link);
  await response.text();
  if (response.status !== 200) throw new Error(`${link} answered HTTP ${response.status}`);
}

/** Registers a fresh user (open registration, m.login.dummy), as another person would. */
export async function registerUser(username: string, password: string): Promise<string> {
  return (await register(username, password, true)).user_id;
}

/**
 * Someone else on the server, used only to look: a fresh account signed in by the test (its own
 * token and device, never one of the apps'), which asks Synapse what any other user would see.
 */
export interface Observer {
  userId: string;
  accessToken: string;
}

export async function registerObserver(username: string): Promise<Observer> {
  const body = await register(username, `pw-${username}`, false);
  if (!body.access_token) throw new Error(`registering ${username} gave no access token`);
  return { userId: body.user_id, accessToken: body.access_token };
}

async function register(
  username: string,
  password: string,
  inhibitLogin: boolean,
): Promise<{ user_id: string; access_token?: string }> {
  const post = (auth?: object) =>
    fetch(`${SYNAPSE}/_matrix/client/v3/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        username,
        password,
        inhibit_login: inhibitLogin,
        ...(auth ? { auth } : {}),
      }),
    });
  const first = await post();
  const { session } = (await first.json()) as { session?: string };
  const done = await post({ type: 'm.login.dummy', session });
  const body = (await done.json()) as { user_id?: string; access_token?: string };
  if (done.status !== 200 || !body.user_id) {
    throw new Error(`registering ${username} failed: HTTP ${done.status} ${JSON.stringify(body)}`);
  }
  return { ...body, user_id: body.user_id };
}

/** A client-server request as the observer; throws on anything but 200. */
export async function asObserver<T>(
  observer: Observer,
  method: 'GET' | 'POST',
  path: string,
  body?: object,
): Promise<T> {
  const response = await fetch(`${SYNAPSE}/_matrix/client/v3${path}`, {
    method,
    headers: {
      authorization: `Bearer ${observer.accessToken}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const answer = (await response.json()) as T;
  if (response.status !== 200) {
    throw new Error(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(answer)}`);
  }
  return answer;
}

/**
 * The devices Synapse hands out for `userId` (what others encrypt to), each with its identity
 * keys (`ed25519:<id>`, `curve25519:<id>`), read with `/keys/query` as another user: a read
 * that cannot itself add a device to `userId`.
 */
export async function publishedDevices(
  observer: Observer,
  userId: string,
): Promise<Record<string, Record<string, string>>> {
  const body = await asObserver<{
    device_keys: Record<string, Record<string, { keys: Record<string, string> }>>;
  }>(observer, 'POST', '/keys/query', { device_keys: { [userId]: [] } });
  return Object.fromEntries(
    Object.entries(body.device_keys[userId] ?? {}).map(([id, device]) => [id, device.keys]),
  );
}
