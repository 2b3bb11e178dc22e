/**
 * Shared fast-check generators and oracles for the fuzz suite (test/unit/fuzz/*.fuzz.test.ts).
 *
 * Every property runs with a fixed seed and 10,000 cases (FUZZ_RUNS), so a run is reproducible.
 * When a property fails, fast-check prints the seed, the shrunk counterexample and a `path`;
 * to replay exactly that case, put both into the property's parameters:
 *
 *   fc.assert(property, { ...fuzzParams(seed), path: '<path printed>', endOnFailure: true })
 *
 * FUZZ_SEED=<n> in the environment overrides every seed, to explore new inputs locally
 * (`FUZZ_SEED=$RANDOM npx vitest run test/unit/fuzz`); commit a failing case as an example test.
 */
import fc from 'fast-check';
import { SUPPORTED_MATRIX_VERSIONS } from 'matrix-js-sdk';

export const FUZZ_RUNS = 10_000;

/**
 * Per fuzz test: a few seconds on an idle machine, but a shared CI runner can be many times
 * slower, and shrinking a failure takes longer than the run itself.
 */
export const FUZZ_TIMEOUT_MS = 180_000;

export function fuzzParams(seed: number): fc.Parameters<unknown> {
  const override = Number(process.env.FUZZ_SEED);
  return { seed: Number.isInteger(override) ? override : seed, numRuns: FUZZ_RUNS };
}

// ---- URLs ------------------------------------------------------------------------------------

/** Hand-picked URLs that have broken URL checks elsewhere, good and bad. */
export const NOTABLE_URLS = [
  'https://matrix.example.org',
  'https://matrix.example.org/',
  'https://example.org/prefix/matrix//',
  'https://matrix.example.org:8448',
  'http://localhost:8008',
  'http://127.0.0.1:8008/',
  'http://127.1:8008',
  'http://0x7f.0.0.1',
  'http://[::1]:8008',
  'http://[::ffff:127.0.0.1]',
  'http://127.0.0.1.evil.example',
  'http://localhost.evil.example',
  'http://matrix.example.org',
  'HTTP://MATRIX.EXAMPLE.ORG',
  'https://user:pass@matrix.example.org',
  'https://user@matrix.example.org',
  'https://:@matrix.example.org',
  'https://matrix.example.org?x=1',
  'https://matrix.example.org#frag',
  'https://matrix.example.org/?',
  'https://matrix.example.org/#',
  'javascript:alert(1)',
  'JavaScript://matrix.example.org/%0aalert(1)',
  'file:///etc/passwd',
  'file://matrix.example.org/x',
  'data:text/html,<script>alert(1)</script>',
  'ftp://matrix.example.org',
  'ws://localhost',
  'blob:https://matrix.example.org/uuid',
  'about:blank',
  '//matrix.example.org',
  '/relative/path',
  'matrix.example.org',
  'https://',
  'https:///x',
  'https://mätrix.example',
  'https://xn--mtrix-jua.example',
  'https://例え.テスト/マトリックス',
  'https://matrix.example.org/\u202eevil',
  'https://matrix.example.org/a b',
  'https://matrix.example.org\\@evil.example',
  'https://evil.example\\.matrix.example.org',
  ' https://matrix.example.org ',
  'https://matrix.example.org\n',
  'https://[::1]',
  'https://256.256.256.256',
  'https://matrix.example.org:99999',
  'https://matrix.example.org:0',
  `https://${'a'.repeat(63)}.example/${'p'.repeat(2100)}`,
  `https://matrix.example.org/${'%2e%2e/'.repeat(10)}`,
  '',
  '   ',
];

const scheme = fc.constantFrom(
  'https',
  'http',
  'HTTPS',
  'javascript',
  'file',
  'data',
  'ftp',
  'ws',
  'wss',
  'matrix',
);
const host = fc.oneof(
  fc.constantFrom(
    'matrix.example.org',
    'example.org',
    'localhost',
    '127.0.0.1',
    '127.0.0.2',
    '[::1]',
    '10.0.0.1',
    '0x7f.1',
    'mätrix.example',
    'xn--mtrix-jua.example',
    'évil.example',
    '',
  ),
  fc.domain(),
);
const userinfo = fc.constantFrom('', '', '', 'user@', 'user:pass@', ':@', '%40@');
const port = fc.oneof(
  fc.constant(''),
  fc.constant(''),
  fc.integer({ min: 0, max: 70_000 }).map((p) => `:${p}`),
);
const path = fc.oneof(
  fc.constant(''),
  fc.constant('/'),
  fc.webPath(),
  fc.string({ unit: 'binary', maxLength: 20 }).map((s) => `/${s}`),
);
const suffix = fc.constantFrom('', '', '', '?', '?a=1', '#', '#x', '?a#b');

/** URLs assembled from parts, most of them nearly right: the shapes URL checks get wrong. */
export const assembledUrl = fc
  .tuple(scheme, fc.constantFrom('://', ':', ':/', ':///'), userinfo, host, port, path, suffix)
  .map((parts) => parts.join(''));

/** Past the 2048-character cap, built by repetition: generating 2,000 random units is slow. */
function longUrl(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom('https://matrix.example.org/', 'http://localhost/', 'https://'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }),
      fc.integer({ min: 2000, max: 2100 }),
    )
    .map(([prefix, unit, length]) => `${prefix}${unit.repeat(Math.ceil(length / unit.length))}`);
}

/** Any string a server could put where a URL belongs. */
export const urlLike: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: assembledUrl },
  { weight: 2, arbitrary: fc.constantFrom(...NOTABLE_URLS) },
  { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: longUrl() },
);

/** Where a URL belongs, anything JSON can carry (or no key at all: undefined). */
export const urlValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: urlLike },
  {
    weight: 1,
    arbitrary: fc.constantFrom(null, undefined, 0, 1, true, false, [], {}, ['https://a.example']),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
);

/**
 * The oracle every URL that leaves a parser must satisfy (DESIGN.md, urlPolicy.ts), written
 * independently of checkBaseUrl: an absolute https URL, or http to a loopback host; no
 * credentials, query or fragment; no trailing slash; and already in the form the URL parser
 * gives it (so what is stored is what is later requested).
 */
export function isAcceptableBaseUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const loopback =
    url.hostname === 'localhost' ||
    url.hostname === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  const schemeOk = url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
  return (
    schemeOk &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === '' &&
    !value.endsWith('/') &&
    `${url.origin}${url.pathname}`.replace(/\/$/, '') === value
  );
}

/** The origin and path of a URL a request was sent to (requests add their own query). */
export function requestBase(url: string): { acceptable: boolean; href: string } {
  try {
    const parsed = new URL(url);
    const loopback =
      parsed.hostname === 'localhost' ||
      parsed.hostname === '[::1]' ||
      /^127\.\d+\.\d+\.\d+$/.test(parsed.hostname);
    const acceptable =
      (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback)) &&
      parsed.username === '' &&
      parsed.password === '' &&
      parsed.hash === '';
    return { acceptable, href: parsed.href };
  } catch {
    return { acceptable: false, href: url };
  }
}

// ---- JSON ------------------------------------------------------------------------------------

/** Keys that have broken object handling elsewhere (prototype pollution, `in` checks). */
const trickyKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  'base_url',
  'en',
);

const smallJson = fc.constantFrom<unknown>(null, 0, -1, 'x', '', true, {}, [], { a: 1 }, [null]);

/** Raw JSON values, with prototype-ish keys mixed in. */
export const jsonJunk: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.dictionary(fc.oneof(trickyKey, fc.string({ maxLength: 8 })), fc.jsonValue({ maxDepth: 1 }), {
    maxKeys: 4,
  }),
);

/** An object with the given well-formed-ish fields, some dropped, plus junk keys. */
export function looseRecord(
  fields: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.dictionary(trickyKey, smallJson, { maxKeys: 2 }),
    )
    .map(([known, extra]) => {
      // Extra keys go first so the known ones (possibly deliberately `__proto__`) win.
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(extra)) Object.defineProperty(out, k, descriptor(v));
      for (const [k, v] of Object.entries(known)) Object.defineProperty(out, k, descriptor(v));
      return out;
    });
}

function descriptor(value: unknown): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true };
}

/**
 * A response body: JSON text of a generated value (which is how a server sends it, so `__proto__`
 * arrives as an own key), or raw bytes that are not JSON at all.
 */
export function bodyText(value: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: value.map((v) => JSON.stringify(v) ?? '') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        'null',
        '[]',
        '<html>not json</html>',
        '\u0000',
        '{"a":1}x',
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  );
}

/** HTTP statuses a Response can carry a body with; mostly 200. */
export const httpStatus = fc.oneof(
  { weight: 6, arbitrary: fc.constant(200) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(201, 301, 302, 400, 401, 403, 404, 429, 500, 502, 503),
  },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }).filter((s) => !NULL_BODY.has(s)) },
);
const NULL_BODY = new Set([204, 205, 304]);

/** One canned HTTP answer; `throws` stands for a network failure. */
export interface Answer {
  status: number;
  body: string;
  throws?: boolean;
}

export function answer(body: fc.Arbitrary<unknown>): fc.Arbitrary<Answer> {
  return fc.record({
    status: httpStatus,
    body: bodyText(body),
    throws: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  });
}

/** Matrix versions: supported ones, unsupported ones, junk. */
export const versionsBody = looseRecord({
  versions: fc.oneof(
    fc.array(
      fc.oneof(
        fc.constantFrom(...SUPPORTED_MATRIX_VERSIONS),
        fc.constantFrom('r0.0.1', 'v0.9', 'v99.1'),
      ),
      { maxLength: 4 },
    ),
    jsonJunk,
  ),
  unstable_features: smallJson,
});
