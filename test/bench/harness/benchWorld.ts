/**
 * The fixture servers as the benchmarks see them: every answer of every server (portal,
 * homeservers, identity server, and with `oauth` the authorization server and the homeserver
 * that delegates to it) waits `delayMs` before it is written, as a network's latency would,
 * long-poll wake-ups included (fixtures' `responseLatency`).
 *
 * The authorization server is the exception in how, not in what: its routes hand the request to
 * oidc-provider, which writes the answer itself, so a delay added after the handler comes too
 * late to hold that answer back (the fixture's `responseLatency` waits after it). It gets the
 * same delay before the handler instead (`latency`): each of its answers comes `delayMs` later
 * all the same, and it has no long-polls to wake.
 */
import { startWorld, type World, type WorldUserSpec } from '../../fixtures/index.js';
import type { RequestLogEntry } from '../../fixtures/shared/requestLog.js';

export const IS_EVENT = 'm.identity_server';

export async function startBenchWorld(
  delayMs: number,
  users: WorldUserSpec[],
  options: { oauth?: boolean } = {},
): Promise<World> {
  const world = await startWorld({ users, oauth: options.oauth ?? false });
  if (delayMs > 0) {
    for (const server of servers(world)) {
      if (server === world.oauth) server.addLatency(delayMs);
      else server.addResponseLatency(delayMs);
    }
  }
  return world;
}

function servers(world: World) {
  return [
    world.portal,
    world.hs1,
    world.hs2,
    ...(world.identityServer ? [world.identityServer] : []),
    ...(world.oauth ? [world.oauth] : []),
    ...(world.oauthHs ? [world.oauthHs] : []),
  ];
}

/** Every request any server of the world received, in arrival order. */
export function allRequests(world: World): RequestLogEntry[] {
  return servers(world)
    .flatMap((s) => s.requests())
    .sort((a, b) => a.time - b.time);
}

export function resetAllRequests(world: World): void {
  for (const server of servers(world)) server.resetRequests();
}
