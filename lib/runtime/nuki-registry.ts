import "server-only";
import type { Db } from "@/db/client";
import { DEFAULT_CONNECTION_ID } from "@/db/schema";
import type { CodeVault } from "@/lib/access/codes/code-vault";
import { connectionById } from "@/lib/access/connections/engine-connections";
import type { TokenProbe } from "@/lib/access/connections/manage-connections";
import { nukiCallRecorder } from "@/lib/metrics/nuki-calls";
import { RequestBudget } from "@/lib/nuki/budget";
import { NukiClient } from "@/lib/nuki/client";
import { describeNukiError, isNukiApiError } from "@/lib/nuki/errors";

/**
 * One NukiClient per Nuki connection (issue #13) — its own token and request budget, so one
 * account's 429 pause never holds another's calls. A client is rebuilt when its row's version
 * changes (token rotated, budget changed). The default connection's client is the env-configured one.
 */
export function nukiRegistry(db: Db, vault: CodeVault, defaultClient: NukiClient) {
  const clients = new Map<string, { version: number; client: NukiClient }>();
  return async (connectionId: string): Promise<NukiClient> => {
    if (connectionId === DEFAULT_CONNECTION_ID) return defaultClient;
    const row = await connectionById(db, connectionId);
    if (!row?.tokenEnc) throw new Error(`Nuki connection ${connectionId} has no token`);
    const hit = clients.get(connectionId);
    if (hit && hit.version === row.version) return hit.client;
    const client = new NukiClient({
      baseUrl: row.apiBaseUrl,
      token: vault.openText(row.tokenEnc),
      budget: new RequestBudget({ ratePerSec: row.requestsPerSec, burst: row.burst }),
      observe: nukiCallRecorder(connectionId),
    });
    clients.set(connectionId, { version: row.version, client });
    return client;
  };
}

/**
 * "Test the token before saving": one account-wide read with a throwaway client (no retries, a
 * short timeout). Nuki's answer in words, never the token.
 */
export const probeNukiToken: TokenProbe = async ({ apiBaseUrl, token }) => {
  const client = new NukiClient({
    baseUrl: apiBaseUrl,
    token,
    timeoutMs: 10_000,
    retry: { attempts: 1 },
    budget: new RequestBudget({ ratePerSec: 5, burst: 5 }),
  });
  try {
    return { ok: true, locks: (await client.listSmartlocks()).length };
  } catch (error) {
    if (isNukiApiError(error)) return { ok: false, message: describeNukiError(error) };
    return { ok: false, message: "Nuki could not be reached at that address." };
  }
};
