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
  fromSchema,
  kind,
  listOf,
  MAX_LIST,
  show,
  type KeyProblem,
  type KeyReader,
  type ReadContext,
} from './configKeyReaders.js';
import {
  DEFAULT_MANAGED_CONFIG,
  type LoginMethod,
  type ManagedConfig,
  type ManagedConfigKey,
} from './managedConfig.js';
import { proxySettingSchema } from '../core/net/proxy/proxySetting.js';

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

/** One schema for the proxy wherever it comes from (core/net/proxy/proxySetting.ts). */
const proxy = proxySettingSchema;

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
