import { afterEach, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import type { Pool } from "pg";
import { accessWindows, bulkJobItems, bulkJobs, users } from "@/db/schema";
import { verifyAuditChain } from "@/db/queries/audit";
import { reconcileOnce } from "@/lib/access/reconciler/run-once";
import { createEngine, hoursFromNow, type Engine } from "@/test/engine";
import { bulkAssign, bulkJobStatus, resumeStaleBulkJobs, runBulkJob, startBulkAssign } from "./bulk-assign";
import { createWindow } from "./create-window";

let e: Engine | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});
const once = (engine: Engine, fromH: number, toH: number) => ({
  kind: "once" as const,
  startsAt: hoursFromNow(engine, fromH),
  endsAt: hoursFromNow(engine, toH),
});
const windowCount = async (engine: Engine) => (await engine.db.select({ n: count() }).from(accessWindows))[0]!.n;

describe("bulk assignment as a chunked, resumable job (issue 14 #8)", () => {
  it("the request only records the job; a runner stopped midway is resumed where it stopped, nothing twice", async () => {
    e = await createEngine({ doors: 3, customers: 3 });
    await createWindow(e, e.actor, { customerId: e.customerIds[1]!, doorId: e.doorIds[2]!, window: once(e, 1, 2) });
    const { jobId, total } = await startBulkAssign(e, e.actor, {
      customerIds: e.customerIds,
      doorIds: e.doorIds,
      window: once(e, 1, 5),
    });
    expect(total).toBe(9);
    expect(await windowCount(e)).toBe(1); // nothing created on the request path

    // A runner that stops after two chunks of two (a restart, say)…
    expect(await runBulkJob(e, jobId, { chunk: 2, maxChunks: 2 })).toEqual({ finished: false });
    const midway = await bulkJobStatus(e.db, e.actor, jobId);
    expect(midway).toMatchObject({ total: 9, done: 4, finished: false });
    // …and the next look at the progress picks it up again.
    await resumeStaleBulkJobs(e);
    const end = await bulkJobStatus(e.db, e.actor, jobId);
    expect(end).toMatchObject({ done: 9, finished: true, counts: { created: 8, skipped: 1, failed: 0, pending: 0 } });
    expect(end.problems).toEqual([
      {
        customerId: e.customerIds[1],
        doorId: e.doorIds[2],
        state: "skipped",
        reason: expect.stringMatching(/overlaps/),
      },
    ]);
    expect(end.created.every((c) => c.windowId && c.grantId)).toBe(true);
    expect(await windowCount(e)).toBe(9);
    expect((await verifyAuditChain(e.db)).ok).toBe(true);
  });

  it("never holds the audit chain's lock between pairs", async () => {
    e = await createEngine({ doors: 2, customers: 4 });
    const { jobId } = await startBulkAssign(e, e.actor, {
      customerIds: e.customerIds,
      doorIds: e.doorIds,
      window: once(e, 1, 5),
    });
    const pool = (e.db as unknown as { $client: Pool }).$client;
    const other = await pool.connect();
    const free: boolean[] = [];
    try {
      await runBulkJob(e, jobId, {
        chunk: 3,
        afterPair: async () => {
          // Another request (a code reveal, a single create) could take the audit lock right now.
          const { rows } = await other.query("select pg_try_advisory_lock(727002) as ok");
          free.push(rows[0].ok);
          if (rows[0].ok) await other.query("select pg_advisory_unlock(727002)");
        },
      });
    } finally {
      other.release();
    }
    expect(free).toHaveLength(8);
    expect(free.every(Boolean)).toBe(true);
  });

  it("runs beside the reconciler without deadlocks or failed pairs", async () => {
    e = await createEngine({ doors: 4, customers: 6 });
    const engine = e;
    const { jobId } = await startBulkAssign(engine, engine.actor, {
      customerIds: engine.customerIds,
      doorIds: engine.doorIds,
      window: once(engine, 1, 5),
    });
    let running = true;
    const reconciler = (async () => {
      while (running) await reconcileOnce(engine, "test-worker");
    })();
    try {
      await runBulkJob(engine, jobId, { chunk: 5 });
    } finally {
      running = false;
      await reconciler;
    }
    expect(await bulkJobStatus(engine.db, engine.actor, jobId)).toMatchObject({
      finished: true,
      counts: { created: 24, failed: 0 },
    });
  });

  it("two runners never work one job at once (the lease)", async () => {
    e = await createEngine({ doors: 2, customers: 2 });
    const { jobId } = await startBulkAssign(e, e.actor, {
      customerIds: e.customerIds,
      doorIds: e.doorIds,
      window: once(e, 1, 5),
    });
    await e.db
      .update(bulkJobs)
      .set({ leaseUntil: new Date(e.now() + 60_000) })
      .where(eq(bulkJobs.id, jobId));
    expect(await runBulkJob(e, jobId)).toEqual({ finished: false });
    expect(
      (await e.db.select().from(bulkJobItems).where(eq(bulkJobItems.jobId, jobId))).every((i) => i.state === "pending"),
    ).toBe(true);
  });

  it("keeps the one-call form for scripts: start, run, report", async () => {
    e = await createEngine({ doors: 2, customers: 2 });
    const r = await bulkAssign(e, e.actor, { customerIds: e.customerIds, doorIds: e.doorIds, window: once(e, 1, 5) });
    expect(r.created).toHaveLength(4);
    expect(r.skipped).toEqual([]);
  });

  it("a job whose starter was disabled meanwhile is not finished in their name", async () => {
    e = await createEngine({ doors: 2, customers: 2 });
    const { jobId } = await startBulkAssign(e, e.actor, {
      customerIds: e.customerIds,
      doorIds: e.doorIds,
      window: once(e, 1, 5),
    });
    await runBulkJob(e, jobId, { chunk: 1, maxChunks: 1 });
    await e.db.update(users).set({ disabled: true }).where(eq(users.id, e.actor.id));
    await runBulkJob(e, jobId);
    expect(await bulkJobStatus(e.db, e.actor, jobId)).toMatchObject({
      finished: true,
      counts: { created: 1, failed: 3, pending: 0 },
    });
    expect(await windowCount(e)).toBe(1);
  });
});
