import "server-only";
import { EventEmitter } from "node:events";
import { Client } from "pg";
import { getDbHandle } from "@/db/bootstrap";
import { createCodeVault } from "@/lib/access/codes/code-vault";
import { type AccessContext, DEFAULT_RECONCILER_CONFIG, type EngineContext } from "@/lib/access/context";
import { DEMO_NUKI_TOKEN } from "@/lib/demo-building";
import { codeEncryptionKey, env, isDemoMode, oldCodeEncryptionKeys } from "@/lib/env";
import { RequestBudget } from "@/lib/nuki/budget";
import { isRequestId, requestContext } from "@/lib/log/request-context";
import { recordNukiCall } from "@/lib/metrics/nuki-calls";
import { NukiClient } from "@/lib/nuki/client";
import { upsertDefaultConnection } from "@/lib/access/connections/engine-connections";
import { nukiRegistry } from "./nuki-registry";

/**
 * The contexts this process hands to the access engine (the domain receives them, never builds
 * them): the database, the code vault, the clock, a wake-up that reaches every worker, and Nuki.
 * Kept on globalThis so Next's dev reloads and its several bundles share one of each.
 */
const CHANNEL = "portier_reconcile";
type Global = {
  __portierAccess?: Promise<AccessContext>;
  __portierEngine?: Promise<EngineContext>;
  __portierWake?: EventEmitter;
};
const g = globalThis as unknown as Global;
const wakeBus = (g.__portierWake ??= new EventEmitter());

/** The access context of this process: the database, the code vault, the clock, and a wake-up that reaches every worker. */
export function getAccessContext(): Promise<AccessContext> {
  g.__portierAccess ??= (async () => {
    const { db, pool } = await getDbHandle();
    return {
      db,
      vault: createCodeVault(codeEncryptionKey(), oldCodeEncryptionKeys()),
      now: () => Date.now(),
      wake: () => {
        // The request that caused the wake-up travels with it, so the pass it starts logs under its id.
        const requestId = requestContext()?.requestId ?? "";
        wakeBus.emit("wake", requestId);
        // Other processes (npm run worker) listen on this channel.
        pool.query("select pg_notify($1, $2)", [CHANNEL, requestId]).catch(() => {});
      },
    };
  })();
  return g.__portierAccess;
}

/** The Nuki Web API, or in demo mode the simulator the server process started (over loopback HTTP). */
export function nukiClientFromEnv(): NukiClient {
  const e = env();
  if (isDemoMode()) {
    return new NukiClient({
      baseUrl: `http://127.0.0.1:${e.SIM_PORT}`,
      token: DEMO_NUKI_TOKEN,
      budget: new RequestBudget({ ratePerSec: 20, burst: 50 }),
      observe: recordNukiCall,
    });
  }
  return new NukiClient({
    baseUrl: e.NUKI_API_BASE_URL ?? "https://api.nuki.io",
    // isDemoMode() is false exactly when the token is set.
    token: e.NUKI_API_TOKEN ?? "",
    budget: new RequestBudget({ ratePerSec: e.NUKI_REQUESTS_PER_SEC, burst: e.NUKI_BURST }),
    observe: recordNukiCall,
  });
}

/**
 * The engine context: the default connection's client (the env-configured account) as `nuki`, and
 * every other connection's through `nukiFor` (issue #13). The default connection's row is upserted
 * here, at every start, so its base URL and budget follow the environment (its token stays there).
 */
export function getEngineContext(): Promise<EngineContext> {
  g.__portierEngine ??= (async () => {
    const access = await getAccessContext();
    const nuki = nukiClientFromEnv();
    await upsertDefaultConnection(access.db, {
      name: isDemoMode() ? "Demo simulator" : "Default account",
      apiBaseUrl: isDemoMode()
        ? `http://127.0.0.1:${env().SIM_PORT}`
        : (env().NUKI_API_BASE_URL ?? "https://api.nuki.io"),
      requestsPerSec: nuki.budget.ratePerSec,
      burst: nuki.budget.burst,
    });
    return {
      ...access,
      nuki,
      nukiFor: nukiRegistry(access.db, access.vault, nuki),
      config: DEFAULT_RECONCILER_CONFIG,
    };
  })();
  return g.__portierEngine;
}

/** Calls `onWake` whenever this process or another one signals due work. Returns an unsubscribe. */
export async function subscribeWake(onWake: (requestId?: string) => void): Promise<() => Promise<void>> {
  wakeBus.on("wake", onWake);
  const { url } = await getDbHandle();
  const listener = new Client({ connectionString: url });
  listener.on("error", (err) => console.warn("[reconciler] notify listener lost:", err.message));
  await listener.connect();
  await listener.query(`listen ${CHANNEL}`);
  const onNotify = (msg: { payload?: string }) => onWake(isRequestId(msg.payload) ? msg.payload : undefined);
  listener.on("notification", onNotify);
  return async () => {
    wakeBus.off("wake", onWake);
    await listener.end().catch(() => {});
  };
}
