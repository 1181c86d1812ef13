import "server-only";
import { getDbHandle } from "@/db/bootstrap";
import type { Db } from "@/db/client";
import { connectionGauges } from "@/lib/access/connections/engine-connections";
import { operationsGauges } from "@/lib/access/operations/gauges";
import { env, isDemoMode } from "@/lib/env";
import { metrics } from "@/lib/metrics/registry";
import { getEngineContext } from "./context";
import { type Readiness, readiness } from "./readiness";
import { reconcilerLastPassAt } from "./reconciler";

const startedAt = Date.now();

/** Liveness: the process answers. Nothing it depends on is touched (that is readiness). */
export function liveness() {
  return { status: "ok" as const, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), pid: process.pid };
}

// A load balancer probes every few seconds per instance; Nuki's budget is per account and small,
// so the Nuki probe's answer is reused for this long.
const NUKI_PROBE_TTL_MS = 15_000;
let nukiProbe: { at: number; result: Promise<unknown> } | null = null;

function cachedNukiProbe(list: () => Promise<unknown>): Promise<unknown> {
  const now = Date.now();
  if (!nukiProbe || now - nukiProbe.at > NUKI_PROBE_TTL_MS) nukiProbe = { at: now, result: list() };
  return nukiProbe.result;
}

/** Readiness of this process: database reachable and migrated, Nuki accepting our token, a live reconciler. */
export async function readinessOfThisProcess(): Promise<Readiness> {
  const { db } = await getDbHandle();
  const engine = await getEngineContext();
  const target = isDemoMode() ? "simulator" : new URL(env().NUKI_API_BASE_URL ?? "https://api.nuki.io").host;
  return readiness({
    db,
    nukiProbe: () => cachedNukiProbe(() => engine.nuki.listSmartlocks()),
    nukiTarget: target,
    reconcilerLastPassAt: reconcilerLastPassAt(),
    otherConnections: async () => (await connectionGauges(db)).filter((c) => c.id !== "default" && !c.disabled),
  });
}

/** The Prometheus text: this process's counters plus the database gauges, read now. */
export async function metricsText(database?: Db): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  try {
    const db = database ?? (await getDbHandle()).db;
    const gauges = await operationsGauges(db);
    m.grantsByStatus.reset();
    for (const r of gauges.grantsByStatus) m.grantsByStatus.set({ status: r.status }, r.n);
    m.oldestPendingSeconds.reset();
    for (const r of gauges.oldestUnconfirmed) m.oldestPendingSeconds.set({ door_group: r.doorGroup }, r.ageSeconds);
    m.outboxBacklog.set(gauges.outboxBacklog);
    m.offlineLocks.set(gauges.offlineLocks);
    m.arrivalsOnOfflineLocks.set(gauges.arrivalsOnOfflineLocks);
    // Per Nuki connection (a handful per install): a refused token and the changes waiting for it.
    m.connectionTokenRefused.reset();
    m.connectionPendingGrants.reset();
    for (const c of await connectionGauges(db)) {
      m.connectionTokenRefused.set({ connection: c.id }, c.tokenRefused ? 1 : 0);
      m.connectionPendingGrants.set({ connection: c.id }, c.pendingGrants);
    }
  } catch (error) {
    // The process counters are still worth serving when the database is down; the gauges go stale.
    console.error("[metrics] database gauges unavailable:", (error as Error).message);
  }
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
