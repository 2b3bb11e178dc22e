/** Checks a server answers as an IS and reads its terms; both requests through the gate. */
import type { Policy } from './identityState.js';
import { describeFailure } from './identityErrors.js';
import type { IdentityRequestGate } from './IdentityRequestGate.js';

export async function inspectIdentityServer(
  gate: IdentityRequestGate,
  url: string,
  purpose: 'candidate' | 'active' = 'candidate',
): Promise<Policy[]> {
  try {
    await (await gate.open(url, purpose)).confirmIsIdentityServer();
    return await (await gate.open(url, purpose)).getPolicies();
  } catch (error) {
    throw describeFailure('identity server', url, 'checking it', error);
  }
}
