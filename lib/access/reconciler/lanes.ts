import "server-only";
import { DEFAULT_CONNECTION_ID } from "@/db/schema";
import { safeErrorForLog } from "@/lib/log/safe-error";
import { activeConnections, noteConnectionCall } from "../connections/engine-connections";
import { engineFor } from "../connections/engine-for";
import type { EngineContext } from "../context";
import { type Reconciler, startReconciler } from "./loop";

type LaneOptions = Parameters<typeof startReconciler>[1] & {
  /** How often the list of connections is re-read (a connection added, rotated or disabled). */
  refreshMs?: number;
};

/**
 * One reconciler lane per Nuki connection (issue #13), all in this process: each lane claims only
 * its connection's grants, has its own token gate (a refused token pauses that lane alone) and its
 * own resync, and runs concurrently with the others — so one account's Retry-After wait, 429 storm
 * or outage never holds another account's grants. The default connection's lane is `e` itself and
 * runs this process's periodic jobs; the others are started and stopped as connections come and
 * go (a rotated token or budget — a new row version — restarts its lane with a new client).
 */
export function startConnectionLanes(e: EngineContext, o: LaneOptions): Reconciler {
  const { refreshMs = 5_000, jobs, ...loopOptions } = o;
  const main = startReconciler(e, { ...loopOptions, jobs });
  const lanes = new Map<string, { version: number; reconciler: Reconciler; ctx: EngineContext; okAt: number }>();
  let stopped = false;
  let defaultOkAt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let refreshing: Promise<void> = Promise.resolve();

  const refresh = async () => {
    const rows = e.nukiFor ? (await activeConnections(e.db)).filter((c) => c.id !== DEFAULT_CONNECTION_ID) : [];
    const wanted = new Map(rows.map((r) => [r.id, r]));
    for (const [id, lane] of lanes) {
      const row = wanted.get(id);
      if (row && row.version === lane.version) continue;
      lanes.delete(id);
      await lane.reconciler.stop();
    }
    for (const row of rows) {
      if (stopped || lanes.has(row.id) || !row.tokenEnc) continue;
      const ctx = await engineFor(e, row.id);
      const reconciler = startReconciler(ctx, { ...loopOptions, resyncAtStart: true });
      lanes.set(row.id, { version: row.version, reconciler, ctx, okAt: 0 });
    }
    // The settings page's "last good call" per connection (the default's too), at most once per refresh.
    const okAt = e.nuki.stats.lastOkAt;
    if (okAt > defaultOkAt) {
      defaultOkAt = okAt;
      await noteConnectionCall(e.db, DEFAULT_CONNECTION_ID, { okAt: new Date(okAt) });
    }
    for (const [id, lane] of lanes) {
      const laneOkAt = lane.ctx.nuki.stats.lastOkAt;
      if (laneOkAt > lane.okAt) {
        lane.okAt = laneOkAt;
        await noteConnectionCall(e.db, id, { okAt: new Date(laneOkAt) });
      }
    }
  };
  const tick = () => {
    refreshing = refresh()
      .catch((error) => console.error(`[reconciler] connection lanes: ${safeErrorForLog(error)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, refreshMs);
      });
  };
  tick();

  return {
    wake: (requestId) => {
      main.wake(requestId);
      for (const lane of lanes.values()) lane.reconciler.wake(requestId);
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await refreshing;
      await Promise.all([main.stop(), ...[...lanes.values()].map((l) => l.reconciler.stop())]);
    },
    get passes() {
      return main.passes + [...lanes.values()].reduce((n, l) => n + l.reconciler.passes, 0);
    },
    // Readiness: the default lane (which also runs the jobs) going round says the process is alive.
    get lastPassAt() {
      return main.lastPassAt;
    },
  };
}
