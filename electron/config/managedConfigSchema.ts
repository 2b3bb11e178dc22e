/**
 * The schema of a managed config file, key by key: each top-level key is validated on its own,
 * so one wrong value costs that key and nothing else (issue 12: "the app starts with the valid
 * rest"). Object values are valibot schemas, as for IPC. Lists of equals (identity servers, CA
 * certificates, sign-in methods) drop a wrong entry and keep the others, because for an
 * allow-list dropping the whole key would allow more than the administrator meant.
 *
 * Every URL goes through the app's URL policy (core/net/urlPolicy.ts); proxy URLs through
 * proxyUrl.ts. Values come out normalised (trailing slashes stripped, files read).
 */
import * as v from 'valibot';
import { checkBaseUrl, parseServerInput } from '../core/net/urlPolicy.js';
import { readCaEntry } from './caCertificates.js';
import {
  DEFAULT_MANAGED_CONFIG,
  type LoginMethod,
  type ManagedConfig,
  type ManagedConfigKey,
} from './managedConfig.js';
import { checkProxyUrl } from './proxyUrl.js';

/** A problem inside one key: `key` is the dotted path from the top-level key down. */
export interface KeyProblem {
  key: string;
  message: string;
}

/** `value` undefined: the key is ignored (its problems say why). */
export interface KeyRead<T> {
  value: T | undefined;
  problems: KeyProblem[];
}

export interface ReadContext {
  /** The folder of the file being read: relative CA certificate paths start there. */
  configDir: string;
}

type KeyReader<T> = (value: unknown, key: string, context: ReadContext) => KeyRead<T>;

const MAX_LIST = 256;

const baseUrl = v.pipe(
  v.string(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const verdict = checkBaseUrl(dataset.value);
    if (verdict.ok) return verdict.url;
    addIssue({ message: `this URL is refused: ${verdict.reason}` });
    return NEVER;
  }),
);

const serverName = v.pipe(
  v.string(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const input = parseServerInput(dataset.value);
    if (input.kind === 'name') return input.name;
    addIssue({ message: `"${dataset.value}" is not a server name (host, optional port)` });
    return NEVER;
  }),
);

/** An OIDC issuer must be a usable URL, but is kept as written: issuers compare exactly. */
const issuer = v.pipe(
  v.string(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const verdict = checkBaseUrl(dataset.value);
    if (!verdict.ok)
      addIssue({ message: `issuer "${dataset.value}" is refused: ${verdict.reason}` });
  }),
);

const proxyUrl = v.pipe(
  v.string(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const verdict = checkProxyUrl(dataset.value);
    if (verdict.ok) return verdict.url;
    addIssue({ message: `this proxy URL is refused: ${verdict.reason}` });
    return NEVER;
  }),
);

const nonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(512));

const defaultServerConfig = v.strictObject({
  'm.homeserver': v.optional(
    v.pipe(
      v.strictObject({ base_url: v.optional(baseUrl), server_name: v.optional(serverName) }),
      v.check(
        (hs) => hs.base_url !== undefined || hs.server_name !== undefined,
        'needs "base_url" or "server_name"',
      ),
    ),
  ),
  'm.identity_server': v.optional(v.strictObject({ base_url: baseUrl })),
});

const proxy = v.variant('mode', [
  v.strictObject({ mode: v.literal('system') }),
  v.strictObject({ mode: v.literal('direct') }),
  v.strictObject({
    mode: v.literal('manual'),
    url: proxyUrl,
    bypass: v.optional(v.pipe(v.array(nonEmpty), v.maxLength(MAX_LIST)), []),
  }),
  v.strictObject({ mode: v.literal('pac'), pac_url: baseUrl }),
]);

/** A valibot schema as a key reader: all or nothing for this key. */
function fromSchema<T>(schema: v.GenericSchema<unknown, T>): KeyReader<T> {
  return (value, key) => {
    const result = v.safeParse(schema, value);
    if (result.success) return { value: result.output, problems: [] };
    return { value: undefined, problems: result.issues.map((issue) => toProblem(key, issue)) };
  };
}

/** A list whose entries stand alone: a wrong entry is dropped and named, the rest applies. */
function listOf<T>(
  readEntry: (
    entry: unknown,
    context: ReadContext,
  ) => { ok: true; value: T[] } | { ok: false; reason: string },
  options: { nonEmpty: boolean },
): KeyReader<T[]> {
  return (value, key, context) => {
    if (!Array.isArray(value)) {
      return {
        value: undefined,
        problems: [{ key, message: `expected a list, got ${kind(value)}; "${key}" is ignored` }],
      };
    }
    if (value.length > MAX_LIST) {
      return {
        value: undefined,
        problems: [{ key, message: `more than ${MAX_LIST} entries; "${key}" is ignored` }],
      };
    }
    const problems: KeyProblem[] = [];
    const values: T[] = [];
    value.forEach((entry, index) => {
      const read = readEntry(entry, context);
      if (read.ok) {
        for (const item of read.value) if (!values.includes(item)) values.push(item);
      } else {
        problems.push({ key: `${key}[${index}]`, message: `${read.reason}; entry ignored` });
      }
    });
    if (options.nonEmpty && values.length === 0) {
      problems.push({ key, message: `no usable entry; "${key}" is ignored` });
      return { value: undefined, problems };
    }
    return { value: values, problems };
  };
}

const LOGIN_METHODS: readonly LoginMethod[] = ['password', 'sso', 'oauth'];

const loginMethod = (entry: unknown) =>
  LOGIN_METHODS.includes(entry as LoginMethod)
    ? { ok: true as const, value: [entry as LoginMethod] }
    : { ok: false as const, reason: `${show(entry)} is not one of ${LOGIN_METHODS.join(', ')}` };

const identityServerUrl = (entry: unknown) => {
  const verdict = checkBaseUrl(entry);
  return verdict.ok
    ? { ok: true as const, value: [verdict.url] }
    : { ok: false as const, reason: `this URL is refused: ${verdict.reason}` };
};

const caCertificate = (entry: unknown, context: ReadContext) => {
  if (typeof entry !== 'string') {
    return { ok: false as const, reason: `expected PEM text or a file path, got ${kind(entry)}` };
  }
  const read = readCaEntry(entry, context.configDir);
  return read.ok ? { ok: true as const, value: read.certificates } : read;
};

/** Element's setting defaults hold many settings; unknown ones are named, known ones apply. */
const settingDefaults: KeyReader<ManagedConfig['setting_defaults']> = (value, key) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      value: undefined,
      problems: [{ key, message: `expected an object, got ${kind(value)}; "${key}" is ignored` }],
    };
  }
  const problems: KeyProblem[] = [];
  const settings: Partial<ManagedConfig['setting_defaults']> = {};
  for (const [name, setting] of Object.entries(value)) {
    if (name !== 'UIFeature.identityServer') {
      problems.push({ key: `${key}.${name}`, message: 'unknown setting, ignored' });
    } else if (typeof setting !== 'boolean') {
      problems.push({
        key: `${key}.${name}`,
        message: `expected true or false, got ${show(setting)}`,
      });
    } else {
      settings[name] = setting;
    }
  }
  return { value: { ...DEFAULT_MANAGED_CONFIG.setting_defaults, ...settings }, problems };
};

export const KEY_READERS: { [K in ManagedConfigKey]: KeyReader<ManagedConfig[K]> } = {
  default_server_config: fromSchema(defaultServerConfig),
  disable_custom_urls: fromSchema(v.boolean()),
  sso_redirect_options: fromSchema(
    v.strictObject({
      immediate: v.optional(v.boolean()),
      on_welcome_page: v.optional(v.boolean()),
      on_login_page: v.optional(v.boolean()),
    }),
  ),
  oidc_static_clients: fromSchema(
    v.pipe(
      v.record(issuer, v.strictObject({ client_id: nonEmpty })),
      v.check((clients) => Object.keys(clients).length <= MAX_LIST, 'too many issuers'),
    ),
  ),
  setting_defaults: settingDefaults,
  login_methods: listOf(loginMethod, { nonEmpty: true }),
  allowed_identity_servers: listOf(identityServerUrl, { nonEmpty: false }),
  identity_server_locked: fromSchema(v.boolean()),
  allow_disabling_identity_server: fromSchema(v.boolean()),
  proxy: fromSchema(proxy),
  extra_ca_certificates: listOf(caCertificate, { nonEmpty: false }),
  updates: fromSchema(v.strictObject({ enabled: v.boolean() })),
};

/** valibot's issue in the words of a config problem: which key, what is wrong with it. */
function toProblem(key: string, issue: v.BaseIssue<unknown>): KeyProblem {
  const path = v.getDotPath(issue);
  const where = path ? `${key}.${path}` : key;
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    return { key: where, message: `unknown key; the whole "${key}" is ignored` };
  }
  if (issue.type === 'strict_object' && issue.received === 'undefined') {
    return { key: where, message: `missing; "${key}" is ignored` };
  }
  if (issue.kind === 'schema' && issue.received === 'undefined') {
    return { key: where, message: `missing (expected ${issue.expected}); "${key}" is ignored` };
  }
  if (issue.kind === 'schema') {
    return {
      key: where,
      message: `expected ${issue.expected}, got ${issue.received}; "${key}" is ignored`,
    };
  }
  return { key: where, message: `${issue.message}; "${key}" is ignored` };
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${show(value)}`;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
