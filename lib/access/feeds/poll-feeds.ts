import "server-only";
import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import { type Feed, feeds } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { safeErrorForLog } from "@/lib/log/safe-error";
import type { AccessContext } from "../context";
import { type ApplyReport, applyStays, feedActor, type Step } from "./apply-feed";
import { feedTarget } from "./feed-target";
import { DEFAULT_FETCH_LIMITS, type FetchLimits, fetchFeed, FeedFetchError } from "./fetch-feed";
import { nextPollDelayMs } from "./guard";
import { FeedParseError, parseFeed } from "./parse-feed";
import { staysOf } from "./stays";

export type PollOptions = Partial<FetchLimits> & { fetch?: typeof fetch; leaseMs?: number; batch?: number };

const LEASE_MS = 5 * 60_000;
/** Recurring entries are expanded this far around now; stays further out are read on a later poll. */
const PAST_MS = 2 * 86_400_000;
const AHEAD_MS = 400 * 86_400_000;

export type PollResult = {
  feedId: string;
  outcome: "applied" | "not_modified" | "failed";
  report?: ApplyReport;
  error?: string;
};

/**
 * Claims the feeds due for a poll. The lease (lease_until/lease_by, taken with SKIP LOCKED) keeps
 * several workers — or a staff "Poll now" during a scheduled poll — from polling one feed twice.
 */
export async function claimDueFeeds(ctx: AccessContext, workerId: string, o: PollOptions = {}): Promise<Feed[]> {
  const now = new Date(ctx.now());
  const until = new Date(ctx.now() + (o.leaseMs ?? LEASE_MS));
  const due = ctx.db
    .select({ id: feeds.id })
    .from(feeds)
    .where(
      and(
        inArray(feeds.state, ["active", "held"]),
        lte(feeds.nextPollAt, now),
        or(isNull(feeds.leaseUntil), lte(feeds.leaseUntil, now)),
      ),
    )
    .orderBy(feeds.nextPollAt)
    .limit(o.batch ?? 10)
    .for("update", { skipLocked: true });
  return ctx.db.update(feeds).set({ leaseUntil: until, leaseBy: workerId }).where(inArray(feeds.id, due)).returning();
}

/** The periodic job: polls every due feed, one after another (each bounded in time and size). */
export async function pollDueFeeds(ctx: AccessContext, workerId: string, o: PollOptions = {}) {
  const claimed = await claimDueFeeds(ctx, workerId, o);
  const results: PollResult[] = [];
  for (const feed of claimed) results.push(await pollClaimedFeed(ctx, feed, workerId, o));
  return {
    polled: results.length,
    failed: results.filter((r) => r.outcome === "failed").length,
  };
}

/**
 * One poll of a claimed feed: conditional GET outside any transaction, then parse, then apply and
 * record the outcome in one transaction fenced by the lease (a worker whose lease was taken over
 * writes nothing).
 */
export async function pollClaimedFeed(
  ctx: AccessContext,
  feed: Feed,
  workerId: string,
  o: PollOptions = {},
): Promise<PollResult> {
  let fetched: Awaited<ReturnType<typeof fetchFeed>>;
  try {
    fetched = await fetchFeed(
      ctx.vault.openText(feed.urlEnc),
      { etag: feed.etag, lastModified: feed.lastModified },
      { ...DEFAULT_FETCH_LIMITS, ...o },
    );
  } catch (e) {
    return recordFailure(ctx, feed, workerId, e);
  }
  try {
    const [mine] = await ctx.db
      .select()
      .from(feeds)
      .where(and(eq(feeds.id, feed.id), eq(feeds.leaseBy, workerId)));
    if (!mine) return { feedId: feed.id, outcome: "failed", error: "lease lost" };
    const { doors, settings } = await feedTarget(ctx.db, mine);
    let stays = null;
    if (fetched.status === "ok") {
      const parsed = parseFeed(fetched.text, { from: ctx.now() - PAST_MS, until: ctx.now() + AHEAD_MS });
      stays = staysOf(parsed.entries, settings).stays;
    }
    // One transaction per reservation; the lease is renewed as the work goes, and a worker that
    // lost it (another took the feed over) stops before its next reservation.
    let steps = 0;
    const step: Step = async (fn) => {
      if (++steps % 20 === 0) {
        await renewLease(ctx, feed.id, workerId, o.leaseMs ?? LEASE_MS);
        ctx.wake(); // the reconcilers start on the first stays while the rest are applied
      }
      return ctx.db.transaction(fn);
    };
    const report = await applyStays(ctx.db, ctx, { feed: mine, doors, stays, step });
    ctx.wake();
    const recorded = await ctx.db.transaction(async (tx) => {
      const [still] = await tx
        .select({ id: feeds.id })
        .from(feeds)
        .where(and(eq(feeds.id, feed.id), eq(feeds.leaseBy, workerId)))
        .for("update");
      if (!still) return false;
      await recordSuccess(tx, ctx, mine, report, fetched.status === "ok" ? fetched : null);
      return true;
    });
    if (!recorded) return { feedId: feed.id, outcome: "failed", error: "lease lost" };
    return { feedId: feed.id, outcome: fetched.status === "ok" ? "applied" : "not_modified", report };
  } catch (e) {
    return recordFailure(ctx, feed, workerId, e);
  }
}

class LeaseLost extends Error {}

async function renewLease(ctx: AccessContext, feedId: string, workerId: string, leaseMs: number) {
  const renewed = await ctx.db
    .update(feeds)
    .set({ leaseUntil: new Date(ctx.now() + leaseMs) })
    .where(and(eq(feeds.id, feedId), eq(feeds.leaseBy, workerId)))
    .returning({ id: feeds.id });
  if (renewed.length === 0) throw new LeaseLost("lease lost");
}

async function recordSuccess(
  tx: Tx,
  ctx: AccessContext,
  feed: Feed,
  report: ApplyReport,
  fetched: { etag: string | null; lastModified: string | null } | null,
) {
  const now = ctx.now();
  const wasHeld = feed.state === "held";
  const state = report.held ? "held" : feed.state === "held" ? "active" : feed.state;
  const { vanished, future } = report.vanishedOfFuture;
  await tx
    .update(feeds)
    .set({
      ...(fetched ? { etag: fetched.etag, lastModified: fetched.lastModified } : {}),
      state,
      held: report.held ? { vanished, future, at: (wasHeld && feed.held?.at) || new Date(now).toISOString() } : null,
      lastPolledAt: new Date(now),
      lastSuccessAt: new Date(now),
      lastError: null,
      lastReport: {
        created: report.created,
        moved: report.moved,
        removed: report.removed,
        vanishing: report.vanishing,
        unchanged: report.unchanged,
        problems: report.problems,
      },
      failures: 0,
      nextPollAt: new Date(now + feed.intervalMinutes * 60_000),
      leaseUntil: null,
      leaseBy: null,
    })
    .where(eq(feeds.id, feed.id));
  if (report.held && !wasHeld)
    await appendAudit(tx, {
      actor: await feedActor(tx, feed),
      action: "feed.hold",
      entityType: "feed",
      entityId: feed.id,
      after: { vanished, future },
    });
}

async function recordFailure(ctx: AccessContext, feed: Feed, workerId: string, e: unknown): Promise<PollResult> {
  // Only messages Portier wrote reach the page: never a raw error that might echo the URL.
  const message =
    e instanceof FeedFetchError || e instanceof FeedParseError
      ? e.message
      : isAppError(e)
        ? e.userMessage
        : "The feed could not be applied; Portier will try again.";
  if (!(e instanceof FeedFetchError || e instanceof FeedParseError || isAppError(e)))
    console.error(`[feeds] poll of feed ${feed.id} failed: ${safeErrorForLog(e)}`);
  const now = ctx.now();
  await ctx.db
    .update(feeds)
    .set({
      lastPolledAt: new Date(now),
      lastError: message,
      failures: sql`${feeds.failures} + 1`,
      nextPollAt: new Date(now + nextPollDelayMs(feed.intervalMinutes, feed.failures + 1)),
      leaseUntil: null,
      leaseBy: null,
    })
    .where(and(eq(feeds.id, feed.id), eq(feeds.leaseBy, workerId)));
  return { feedId: feed.id, outcome: "failed", error: message };
}
