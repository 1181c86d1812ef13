import { EventEmitter } from "node:events";
import { Client } from "pg";
import { getDbHandle } from "@/db/bootstrap";
import { codeEncryptionKey, env, isDemoMode, oldCodeEncryptionKeys } from "@/lib/env";
import { RequestBudget } from "@/lib/nuki/budget";
import { NukiClient } from "@/lib/nuki/client";
import { DEFAULT_TOKEN } from "@/lib/nuki/sim/simulator";
import { deliverOutbox } from "@/lib/mail/deliver-outbox";
import { mailFrom, smtpTransportFromEnv } from "@/lib/mail/smtp-transport";
import { createCodeVault } from "./codes/code-vault";
import { pruneExpired } from "./retention/prune";
import type { PeriodicJob } from "./reconciler/loop";
import { DEFAULT_RECONCILER_CONFIG, type AccessContext, type EngineContext } from "./context";

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
        wakeBus.emit("wake");
        // Other processes (npm run worker) listen on this channel.
        pool.query(`select pg_notify('${CHANNEL}', '')`).catch(() => {});
      },
    };
  })();
  return g.__portierAccess;
}

/** The Nuki Web API, or in demo mode the simulator this process started. */
export function nukiClientFromEnv(): NukiClient {
  const e = env();
  if (isDemoMode()) {
    return new NukiClient({
      baseUrl: `http://127.0.0.1:${e.SIM_PORT}`,
      token: DEFAULT_TOKEN,
      budget: new RequestBudget({ ratePerSec: 20, burst: 50 }),
    });
  }
  return new NukiClient({
    baseUrl: e.NUKI_API_BASE_URL ?? "https://api.nuki.io",
    token: e.NUKI_API_TOKEN!,
    budget: new RequestBudget({ ratePerSec: 1, burst: 10 }),
  });
}

export function getEngineContext(): Promise<EngineContext> {
  g.__portierEngine ??= (async () => ({
    ...(await getAccessContext()),
    nuki: nukiClientFromEnv(),
    config: DEFAULT_RECONCILER_CONFIG,
  }))();
  return g.__portierEngine;
}

/** Calls `onWake` whenever this process or another one signals due work. Returns an unsubscribe. */
export async function subscribeWake(onWake: () => void): Promise<() => Promise<void>> {
  wakeBus.on("wake", onWake);
  const { url } = await getDbHandle();
  const listener = new Client({ connectionString: url });
  listener.on("error", (err) => console.warn("[reconciler] notify listener lost:", err.message));
  await listener.connect();
  await listener.query(`listen ${CHANNEL}`);
  listener.on("notification", onWake);
  return async () => {
    wakeBus.off("wake", onWake);
    await listener.end().catch(() => {});
  };
}

/**
 * Jobs besides reconciling that any worker may run: pruning by the admin-set retention periods
 * (hourly; cheap when nothing is due) and SMTP delivery of the outbox when SMTP_URL is set.
 */
export function backgroundJobs(e: EngineContext): PeriodicJob[] {
  const transport = smtpTransportFromEnv();
  const retention: PeriodicJob = { name: "retention", intervalMs: 3_600_000, run: () => pruneExpired(e.db, e.now()) };
  return transport
    ? [retention, { name: "mail", intervalMs: 10_000, run: () => deliverOutbox(e.db, transport, { from: mailFrom() }) }]
    : [retention];
}
