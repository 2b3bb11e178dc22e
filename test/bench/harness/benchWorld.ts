/**
 * The fixture servers as the benchmarks see them: every answer of every server (portal,
 * homeservers, identity server) waits `delayMs` before it is written, as a network's latency
 * would, long-poll wake-ups included (fixtures' `responseLatency`).
 */
import { startWorld, type World, type WorldUserSpec } from '../../fixtures/index.js';
import type { RequestLogEntry } from '../../fixtures/shared/requestLog.js';

export const IS_EVENT = 'm.identity_server';

export async function startBenchWorld(delayMs: number, users: WorldUserSpec[]): Promise<World> {
  const world = await startWorld({ users });
  for (const server of servers(world)) if (delayMs > 0) server.addResponseLatency(delayMs);
  return world;
}

function servers(world: World) {
  return [
    world.portal,
    world.hs1,
    world.hs2,
    ...(world.identityServer ? [world.identityServer] : []),
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
