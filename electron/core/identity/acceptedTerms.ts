/**
 * The m.accepted_terms account-data event: `{"accepted": [policy URLs]}`, shared by every client
 * and service of the account (identity servers, integration managers). Other clients own most of
 * its entries, so an update only ever adds: it keeps every existing entry and every other key,
 * whatever they look like.
 */

export const ACCEPTED_TERMS_EVENT = 'm.accepted_terms';

export interface AcceptedTermsMerge {
  content: Record<string, unknown>;
  /** False when every URL was already listed: nothing needs writing. */
  changed: boolean;
}

export function mergeAcceptedTerms(existing: unknown, newlyAccepted: string[]): AcceptedTermsMerge {
  const base: Record<string, unknown> =
    typeof existing === 'object' && existing !== null && !Array.isArray(existing)
      ? { ...(existing as Record<string, unknown>) }
      : {};
  // A non-array `accepted` is unusable garbage; it is the only thing an update replaces.
  const accepted: unknown[] = Array.isArray(base.accepted) ? [...base.accepted] : [];
  let changed = !Array.isArray(base.accepted) && newlyAccepted.length > 0;
  for (const url of newlyAccepted) {
    if (!accepted.includes(url)) {
      accepted.push(url);
      changed = true;
    }
  }
  return { content: { ...base, accepted }, changed };
}
