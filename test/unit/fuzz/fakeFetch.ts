/**
 * An in-memory fetch for the fuzz suite: answers each request from a route table of canned
 * answers and records every URL asked for, so a property can check that no unacceptable URL was
 * ever requested. No sockets: a property must stay fast over 10,000 runs.
 */
import type { Answer } from './arbitraries.js';

export interface RecordingFetch {
  fetch: typeof globalThis.fetch;
  /** Every URL requested, in order. */
  urls: string[];
}

/** `route` picks the answer for a URL; null means 404 with an empty JSON body. */
export function recordingFetch(route: (url: URL) => Answer | null): RecordingFetch {
  const urls: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    const href = input instanceof Request ? input.url : String(input);
    urls.push(href);
    const chosen = route(new URL(href));
    if (chosen === null) return respond({ status: 404, body: '{"errcode":"M_NOT_FOUND"}' });
    if (chosen.throws) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    return respond(chosen);
  }) as typeof globalThis.fetch;
  return { fetch, urls };
}

export function respond(answer: Answer): Response {
  return new Response(answer.body, {
    status: answer.status,
    headers: { 'content-type': 'application/json' },
  });
}
