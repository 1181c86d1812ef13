import "server-only";
import { and, asc, count, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { bulkJobItems, bulkJobs, customers, doors, grants, users } from "@/db/schema";
import { can, type Actor } from "@/lib/auth/permissions";
import { AppError, assertCan, isAppError } from "@/lib/errors";
import type { AccessContext } from "../context";
import { insertWindow } from "./create-window";
import { type BulkAssignInput, windowSpecInput } from "./schemas";

export type BulkAssignResult = {
  jobId: string;
  created: BulkJobStatus["created"];
  skipped: { customerId: string; doorId: string; reason: string }[];
};

/** Pairs per chunk: after each chunk the lease is renewed and the reconciler woken. */
export const BULK_CHUNK = 25;
const LEASE_MS = 60_000;
const INSERT_BATCH = 1000;

/**
 * Step 1, on the request path: check the ids, write the job and its pairs, return at once. The
 * work itself is runBulkJob's, off the request (the action schedules it after the response).
 */
export async function startBulkAssign(ctx: AccessContext, actor: Actor, input: BulkAssignInput) {
  assertCan(actor, "access.write");
  const customerIds = [...new Set(input.customerIds)];
  const doorIds = [...new Set(input.doorIds)];
  const [foundCustomers, foundDoors] = await Promise.all([
    ctx.db.select({ id: customers.id }).from(customers).where(inArray(customers.id, customerIds)),
    ctx.db.select({ id: doors.id }).from(doors).where(inArray(doors.id, doorIds)),
  ]);
  if (foundCustomers.length !== customerIds.length)
    throw new AppError("NOT_FOUND", "Some of the chosen customers no longer exist.");
  if (foundDoors.length !== doorIds.length)
    throw new AppError("NOT_FOUND", "Some of the chosen doors no longer exist.");
  const pairs = customerIds.flatMap((customerId) => doorIds.map((doorId) => ({ customerId, doorId })));
  return ctx.db.transaction(async (tx) => {
    const [job] = await tx
      .insert(bulkJobs)
      .values({
        createdBy: actor.id,
        actorLabel: actor.label,
        actorRole: actor.role,
        spec: { window: input.window, note: input.note ?? null },
        total: pairs.length,
      })
      .returning({ id: bulkJobs.id });
    for (let i = 0; i < pairs.length; i += INSERT_BATCH)
      await tx
        .insert(bulkJobItems)
        .values(pairs.slice(i, i + INSERT_BATCH).map((p, j) => ({ jobId: job!.id, seq: i + j, ...p })));
    return { jobId: job!.id, total: pairs.length };
  });
}

/** Takes the job's lease if nobody holds it (or theirs ran out). Returns the job, or null. */
async function claimJob(db: DbOrTx, jobId: string, now: number) {
  const [job] = await db
    .update(bulkJobs)
    .set({ leaseUntil: new Date(now + LEASE_MS) })
    .where(
      and(
        eq(bulkJobs.id, jobId),
        isNull(bulkJobs.finishedAt),
        or(isNull(bulkJobs.leaseUntil), lt(bulkJobs.leaseUntil, new Date(now))),
      ),
    )
    .returning();
  return job ?? null;
}

/**
 * Step 2, off the request path: works through the pending pairs in order, each in its own short
 * transaction that creates the window (pair lock → audit lock, the same order as a single create,
 * so it cannot deadlock with the reconciler) AND marks the pair done — a crash leaves it pending,
 * never half-done. Stops after `maxChunks` (tests; a resumed run continues from there).
 */
export async function runBulkJob(
  ctx: AccessContext,
  jobId: string,
  o: { chunk?: number; maxChunks?: number; afterPair?: () => Promise<void> } = {},
): Promise<{ finished: boolean }> {
  const job = await claimJob(ctx.db, jobId, ctx.now());
  if (!job) return { finished: false };
  // The job acts for whoever started it: if they were disabled or lost the right meanwhile, the
  // rest of the job is not done in their name.
  const [starter] = job.createdBy
    ? await ctx.db.select({ role: users.role, disabled: users.disabled }).from(users).where(eq(users.id, job.createdBy))
    : [];
  if (!starter || starter.disabled || !can(starter.role, "access.write")) {
    await ctx.db
      .update(bulkJobItems)
      .set({ state: "failed", reason: "Not created: the person who started this may no longer assign access." })
      .where(and(eq(bulkJobItems.jobId, jobId), eq(bulkJobItems.state, "pending")));
    await ctx.db
      .update(bulkJobs)
      .set({ finishedAt: new Date(ctx.now()), leaseUntil: null })
      .where(eq(bulkJobs.id, jobId));
    return { finished: true };
  }
  const actor: Actor = {
    id: job.createdBy ?? "00000000-0000-0000-0000-000000000000",
    role: starter.role,
    label: job.actorLabel,
    customerId: null,
  };
  const spec = windowSpecInput.parse((job.spec as { window: unknown }).window);
  const note = (job.spec as { note: string | null }).note ?? undefined;
  for (let chunks = 0; o.maxChunks === undefined || chunks < o.maxChunks; chunks++) {
    const items = await ctx.db
      .select()
      .from(bulkJobItems)
      .where(and(eq(bulkJobItems.jobId, jobId), eq(bulkJobItems.state, "pending")))
      .orderBy(asc(bulkJobItems.seq))
      .limit(o.chunk ?? BULK_CHUNK);
    if (!items.length) {
      await ctx.db
        .update(bulkJobs)
        .set({ finishedAt: new Date(ctx.now()), leaseUntil: null })
        .where(eq(bulkJobs.id, jobId));
      ctx.wake();
      return { finished: true };
    }
    for (const item of items) {
      const done = and(eq(bulkJobItems.jobId, jobId), eq(bulkJobItems.seq, item.seq));
      try {
        await ctx.db.transaction(async (tx) => {
          const created = await insertWindow(tx, ctx, actor, {
            customerId: item.customerId,
            doorId: item.doorId,
            window: spec,
            note,
          });
          await tx.update(bulkJobItems).set({ state: "created", windowId: created.window.id }).where(done);
        });
      } catch (error) {
        const expected = isAppError(error) && error.code !== "INTERNAL";
        // Logged without names or window details: ids only (no customer data in server logs).
        if (!expected) console.error(`[bulk] job ${jobId} pair ${item.seq} failed: ${(error as Error).name}`);
        await ctx.db
          .update(bulkJobItems)
          .set({
            state: expected ? "skipped" : "failed",
            reason: expected ? error.userMessage : "Could not be saved; try this pair again on the calendar.",
          })
          .where(done);
      }
      await o.afterPair?.();
    }
    await ctx.db
      .update(bulkJobs)
      .set({ leaseUntil: new Date(ctx.now() + LEASE_MS) })
      .where(eq(bulkJobs.id, jobId));
    ctx.wake();
  }
  // Stopped early on purpose: hand the lease back so the next runner need not wait for it to run out.
  await ctx.db.update(bulkJobs).set({ leaseUntil: null }).where(eq(bulkJobs.id, jobId));
  return { finished: false };
}

/** Unfinished jobs nobody is working on (their runner stopped or crashed): run them again. */
export async function resumeStaleBulkJobs(ctx: AccessContext) {
  const stale = await ctx.db
    .select({ id: bulkJobs.id })
    .from(bulkJobs)
    .where(
      and(isNull(bulkJobs.finishedAt), or(isNull(bulkJobs.leaseUntil), lt(bulkJobs.leaseUntil, new Date(ctx.now())))),
    )
    .limit(5);
  for (const { id } of stale) await runBulkJob(ctx, id);
}

export type BulkJobStatus = {
  jobId: string;
  total: number;
  done: number;
  finished: boolean;
  counts: { pending: number; created: number; skipped: number; failed: number };
  created: { customerId: string; doorId: string; windowId: string | null; grantId: string | null }[];
  problems: { customerId: string; doorId: string; state: "skipped" | "failed"; reason: string | null }[];
};

/** What the progress view polls: counts, and what was created (with its grants) or refused, pair by pair. */
export async function bulkJobStatus(db: DbOrTx, actor: Actor, jobId: string): Promise<BulkJobStatus> {
  assertCan(actor, "access.read");
  const [job] = await db.select().from(bulkJobs).where(eq(bulkJobs.id, jobId));
  if (!job) throw new AppError("NOT_FOUND", "That bulk assignment does not exist.");
  const byState = await db
    .select({ state: bulkJobItems.state, n: count() })
    .from(bulkJobItems)
    .where(eq(bulkJobItems.jobId, jobId))
    .groupBy(bulkJobItems.state);
  const counts = { pending: 0, created: 0, skipped: 0, failed: 0 };
  for (const r of byState) counts[r.state] = r.n;
  const items = await db
    .select({
      customerId: bulkJobItems.customerId,
      doorId: bulkJobItems.doorId,
      state: bulkJobItems.state,
      windowId: bulkJobItems.windowId,
      reason: bulkJobItems.reason,
      grantId: grants.id,
    })
    .from(bulkJobItems)
    .leftJoin(
      grants,
      and(
        eq(grants.customerId, bulkJobItems.customerId),
        eq(grants.doorId, bulkJobItems.doorId),
        sql`${bulkJobItems.state} = 'created'`,
      ),
    )
    .where(and(eq(bulkJobItems.jobId, jobId), sql`${bulkJobItems.state} <> 'pending'`))
    .orderBy(asc(bulkJobItems.seq))
    .limit(2000);
  return {
    jobId,
    total: job.total,
    done: job.total - counts.pending,
    finished: job.finishedAt !== null,
    counts,
    created: items
      .filter((i) => i.state === "created")
      .map(({ customerId, doorId, windowId, grantId }) => ({ customerId, doorId, windowId, grantId })),
    problems: items
      .filter((i): i is typeof i & { state: "skipped" | "failed" } => i.state === "skipped" || i.state === "failed")
      .map(({ customerId, doorId, state, reason }) => ({ customerId, doorId, state, reason })),
  };
}

/**
 * The whole assignment in one call (scripts, tests): start, run to the end, report in the old
 * shape. The app itself starts the job and runs it after the response.
 */
export async function bulkAssign(ctx: AccessContext, actor: Actor, input: BulkAssignInput): Promise<BulkAssignResult> {
  const { jobId } = await startBulkAssign(ctx, actor, input);
  while (!(await runBulkJob(ctx, jobId)).finished) {
    // Another runner holds the lease: wait for it to finish or run out.
    await new Promise((r) => setTimeout(r, 50));
  }
  const status = await bulkJobStatus(ctx.db, actor, jobId);
  return {
    jobId,
    created: status.created,
    skipped: status.problems.map(({ customerId, doorId, reason }) => ({ customerId, doorId, reason: reason ?? "" })),
  };
}
