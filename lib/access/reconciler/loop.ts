import "server-only";
import type { EngineContext } from "../context";
import { reconcileOnce } from "./run-once";
import { runNotifications } from "../notify/notify";
import { runJobIfDue } from "./periodic-job";
import { resyncIfDue, resyncNow } from "./resync";
import { safeErrorForLog } from "@/lib/log/safe-error";
import { logger } from "@/lib/log/logger";
import { newRequestId, withRequestContext } from "@/lib/log/request-context";
import { metrics } from "@/lib/metrics/registry";
import { checkTokenAfterRefusal, tokenGate } from "../operations/token-health";

export type Reconciler = {
  /** Due work exists; `requestId` names the request that caused it (its pass logs under that id). */
  wake: (requestId?: string) => void;
  stop: () => Promise<void>;
  readonly passes: number;
  /** When the loop last went round (ms since epoch; 0 before the first): readiness reads it. */
  readonly lastPassAt: number;
};

/**
 * The reconciler's life: passes back to back while there is due work, then sleep until woken
 * (a staff edit, a webhook, a NOTIFY from another process) or until `pollMs` passes, and run the
 * periodic resync when it is this worker's turn. Errors are logged and retried, never fatal.
 */
export type PeriodicJob = { name: string; intervalMs: number; run: () => Promise<unknown> };

export function startReconciler(
  e: EngineContext,
  o: {
    workerId: string;
    pollMs?: number;
    jobs?: PeriodicJob[];
    /**
     * Start from the truth: run the full resync before the first pass, whenever it last ran —
     * and only then (it counts as this period's run, so the periodic one does not repeat it).
     */
    resyncAtStart?: boolean;
  },
): Reconciler {
  let stopped = false;
  let passes = 0;
  let lastPassAt = 0;
  let poke: (() => void) | null = null;
  let woken = false;
  const wokenBy = new Set<string>();
  const wake = (requestId?: string) => {
    if (requestId && wokenBy.size < 50) wokenBy.add(requestId);
    woken = true;
    poke?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        return resolve();
      }
      const t = setTimeout(() => {
        poke = null;
        resolve();
      }, ms);
      poke = () => {
        clearTimeout(t);
        poke = null;
        woken = false;
        resolve();
      };
    });

  const done = (async () => {
    if (o.resyncAtStart)
      await resyncNow(e, o.workerId)
        .then((r) => r && recordResync(r))
        .catch((error) => console.error("[reconciler] startup resync failed", safeErrorForLog(error)));
    // A refused token fails every call: while Nuki refuses it, no grant is claimed (their attempts
    // are not burnt) and a probe with backoff decides when to go on. A new process probes at once.
    let probedHere = false;
    let refusalsSeen = e.nuki.stats.refusals;
    const confirmRefusals = async () => {
      if (e.nuki.stats.refusals === refusalsSeen) return;
      await checkTokenAfterRefusal(e);
      // The confirming probe's own 401 is not news: only refusals met by real work trigger another.
      refusalsSeen = e.nuki.stats.refusals;
    };
    while (!stopped) {
      try {
        const gate = await tokenGate(e, { probeNow: !probedHere });
        probedHere = true;
        // A paused gate's probe may have met the refusal again; that is the gate's business, not news.
        if (gate === "paused") refusalsSeen = e.nuki.stats.refusals;
        for (;;) {
          if (gate === "paused") break;
          const started = performance.now();
          // The pass runs under the id of the (first) request that woke it: its Nuki calls and log
          // lines then join that click's trail; other wakers are named in the pass's own line.
          const ids = [...wokenBy];
          wokenBy.clear();
          const r = await withRequestContext({ requestId: ids[0] ?? `pass-${newRequestId()}` }, () =>
            reconcileOnce(e, o.workerId, { stopping: () => stopped }),
          );
          if (r.claimed > 0)
            logger().debug({ component: "reconciler", workerId: o.workerId, wokenBy: ids, ...r }, "pass");
          passes++;
          const m = metrics();
          m.reconcilerPassSeconds.observe((performance.now() - started) / 1000);
          m.reconcilerClaims.observe(r.claimed);
          if (r.claimed < e.config.batchSize || stopped) break;
        }
        if (gate === "open") {
          const resync = await resyncIfDue(e, o.workerId);
          if (resync) recordResync(resync);
          if (resync && (resync.drifted || resync.orphansDeleted || resync.vanished))
            console.log("[reconciler] resync", resync);
        }
        await confirmRefusals();
        // Alive, even while paused: readiness names a refused token through its Nuki check instead.
        lastPassAt = Date.now();
        metrics().reconcilerLastPass.set(lastPassAt / 1000);
        await runJobIfDue(e, { name: "notify", workerId: o.workerId, intervalMs: 60_000 }, () => runNotifications(e));
        for (const job of o.jobs ?? [])
          await runJobIfDue(e, { name: job.name, workerId: o.workerId, intervalMs: job.intervalMs }, job.run);
      } catch (error) {
        console.error(`[reconciler] pass failed; retrying: ${safeErrorForLog(error)}`);
        await confirmRefusals().catch(() => {});
        await sleep(2000);
      }
      if (!stopped) await sleep(o.pollMs ?? 1000);
    }
  })();

  return {
    wake,
    stop: async () => {
      stopped = true;
      poke?.();
      await done;
    },
    get passes() {
      return passes;
    },
    get lastPassAt() {
      return lastPassAt;
    },
  };
}

function recordResync(r: { drifted: number; vanished: number; orphansDeleted: number }) {
  const findings = metrics().resyncFindings;
  findings.inc({ kind: "drifted" }, r.drifted);
  findings.inc({ kind: "vanished" }, r.vanished);
  findings.inc({ kind: "orphans_deleted" }, r.orphansDeleted);
}
