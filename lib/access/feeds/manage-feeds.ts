import "server-only";
import { and, eq, inArray, isNull, lte, or } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import { type Feed, feeds } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { z } from "zod";
import type { AccessContext } from "../context";
import { type ApplyReport, applyStays } from "./apply-feed";
import { feedTarget } from "./feed-target";
import { DEFAULT_FETCH_LIMITS, fetchFeed, redactUrl } from "./fetch-feed";
import { parseFeed } from "./parse-feed";
import { type PollOptions, type PollResult, pollClaimedFeed } from "./poll-feeds";
import { guessProfile } from "./profiles";
import {
  createFeedInput,
  feedRefInput,
  previewFeedInput,
  setFeedStateInput,
  updateFeedInput,
  type CreateFeedInput,
  type PreviewFeedInput,
  type UpdateFeedInput,
} from "./schemas";
import { staysOf } from "./stays";

const isUniqueViolation = (e: unknown) =>
  (e as { cause?: { code?: string } })?.cause?.code === "23505" || (e as { code?: string })?.code === "23505";
const NAME_TAKEN = "A feed with this name already exists.";

/** What the page may show of a feed: everything but the sealed URL. */
export const feedView = ({ urlEnc: _sealed, ...rest }: Feed) => rest;

/** The audit's view of a feed's settings (the URL only as its redacted hint). */
const auditSettings = (f: Feed) => ({
  name: f.name,
  urlHint: f.urlHint,
  doorId: f.doorId,
  groupId: f.groupId,
  profile: f.profile,
  stayPattern: f.stayPattern,
  blockPattern: f.blockPattern,
  checkInMinutes: f.checkInMinutes,
  checkOutMinutes: f.checkOutMinutes,
  graceBeforeMinutes: f.graceBeforeMinutes,
  graceAfterMinutes: f.graceAfterMinutes,
  intervalMinutes: f.intervalMinutes,
  vanishGraceMinutes: f.vanishGraceMinutes,
  disappearanceThreshold: f.disappearanceThreshold,
  state: f.state,
});

/** A preview applies at most this many stays (the earliest); the rest are counted. */
const PREVIEW_MAX = 60;

export type FeedPreview = ApplyReport & {
  notShown: number;
  blocks: number;
  invalid: { uid: string; reason: string }[];
  skipped: number;
  suggestedProfile: string;
  timeZone: string;
};

/** Thrown to roll the preview's transaction back once its report is taken. */
class PreviewDone extends Error {
  constructor(readonly report: ApplyReport) {
    super("preview");
  }
}

/**
 * What a feed would create, before it is saved or enabled: the feed is fetched and applied by the
 * very code a poll runs — inside a transaction that is then rolled back — so the preview cannot
 * drift from what enabling does (door allocation in a group included).
 */
export async function previewFeed(
  ctx: AccessContext,
  actor: Actor,
  raw: PreviewFeedInput,
  o: PollOptions = {},
): Promise<FeedPreview> {
  assertCan(actor, "access.write");
  const input = previewFeedInput.parse(raw);
  const fetched = await fetchFeed(input.url, { etag: null, lastModified: null }, { ...DEFAULT_FETCH_LIMITS, ...o });
  if (fetched.status !== "ok") throw new AppError("INTERNAL", "The feed answered 304 to an unconditional request.");
  const parsed = parseFeed(fetched.text, { from: ctx.now() - 2 * 86_400_000, until: ctx.now() + 400 * 86_400_000 });
  const { doors, settings } = await feedTarget(ctx.db, input);
  const plan = staysOf(parsed.entries, settings);
  let report: ApplyReport;
  try {
    await ctx.db.transaction(async (tx) => {
      const [feed] = await tx
        .insert(feeds)
        .values({ ...rowValues(ctx, input), name: `preview ${ctx.now()} ${Math.random()}`, createdBy: actor.id })
        .returning();
      // Bounded: the rolled-back transaction holds the audit chain's lock while it runs.
      const stays = [...plan.stays].sort((x, y) => x.startsAt - y.startsAt).slice(0, PREVIEW_MAX);
      throw new PreviewDone(
        await applyStays(
          tx,
          { ...ctx, wake: () => {} },
          { feed: feed!, doors, stays, step: (fn) => tx.transaction(fn) },
        ),
      );
    });
    throw new Error("unreachable: the preview transaction always rolls back");
  } catch (e) {
    if (!(e instanceof PreviewDone)) throw e;
    report = e.report;
  }
  return {
    ...report,
    // The preview is about what happens; the guest names in it were never stored.
    notShown: Math.max(0, plan.stays.length - PREVIEW_MAX),
    blocks: plan.blocks,
    invalid: plan.invalid,
    skipped: parsed.skipped,
    suggestedProfile: guessProfile(input.url, parsed.prodId),
    timeZone: settings.timeZone,
  };
}

function rowValues(ctx: AccessContext, input: z.output<typeof previewFeedInput>) {
  const { url, ...settings } = input;
  return { ...settings, urlEnc: ctx.vault.sealText(url), urlHint: redactUrl(url) };
}

/** Subscribes a feed; enabled at once or kept as a preview to enable later. */
export async function createFeed(ctx: AccessContext, actor: Actor, raw: CreateFeedInput): Promise<Feed> {
  assertCan(actor, "access.write");
  const { enable, ...input } = createFeedInput.parse(raw);
  await feedTarget(ctx.db, input); // the door or group must exist and hold doors
  try {
    return await ctx.db.transaction(async (tx) => {
      const [feed] = await tx
        .insert(feeds)
        .values({
          ...rowValues(ctx, input),
          state: enable ? "active" : "preview",
          nextPollAt: new Date(ctx.now()),
          createdBy: actor.id,
        })
        .returning();
      await appendAudit(tx, {
        actor,
        action: "feed.create",
        entityType: "feed",
        entityId: feed!.id,
        after: auditSettings(feed!),
      });
      return feed!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", NAME_TAKEN);
    throw e;
  }
}

async function lockFeed(tx: Tx, feedId: string, version: number) {
  const [feed] = await tx.select().from(feeds).where(eq(feeds.id, feedId)).for("update");
  if (!feed) throw new AppError("NOT_FOUND", "This feed was deleted meanwhile.");
  if (feed.version !== version)
    throw new AppError("CONFLICT", "Someone else changed this feed meanwhile; it now shows their version.", {
      details: { feed: feedView(feed) },
    });
  return feed;
}

/** Edits a feed's settings (optimistic concurrency). A new URL resets the conditional-GET cache. */
export async function updateFeed(ctx: AccessContext, actor: Actor, raw: UpdateFeedInput): Promise<Feed> {
  assertCan(actor, "access.write");
  const { feedId, expectedVersion, url, ...settings } = updateFeedInput.parse(raw);
  try {
    return await ctx.db.transaction(async (tx) => {
      const before = await lockFeed(tx, feedId, expectedVersion);
      const [after] = await tx
        .update(feeds)
        .set({
          ...settings,
          ...(url ? { urlEnc: ctx.vault.sealText(url), urlHint: redactUrl(url) } : {}),
          // New rules apply at the next poll, which is now (and with a full fetch, the cache cleared).
          etag: null,
          lastModified: null,
          nextPollAt: new Date(ctx.now()),
          version: before.version + 1,
          updatedAt: new Date(ctx.now()),
        })
        .where(eq(feeds.id, feedId))
        .returning();
      await appendAudit(tx, {
        actor,
        action: "feed.update",
        entityType: "feed",
        entityId: feedId,
        before: auditSettings(before),
        after: { ...auditSettings(after!), urlChanged: Boolean(url) },
      });
      return after!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", NAME_TAKEN);
    throw e;
  }
}

/** Enable (polled and applied from now on) or pause (kept, not polled; its windows stay). */
export async function setFeedState(ctx: AccessContext, actor: Actor, raw: z.input<typeof setFeedStateInput>) {
  assertCan(actor, "access.write");
  const input = setFeedStateInput.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const before = await lockFeed(tx, input.feedId, input.expectedVersion);
    if (before.state === "held" && input.state === "active")
      throw new AppError(
        "CONFLICT",
        "This feed waits for a decision on its vanished stays: confirm the removal first.",
      );
    const [after] = await tx
      .update(feeds)
      .set({
        state: input.state,
        nextPollAt: new Date(ctx.now()),
        failures: 0,
        version: before.version + 1,
        updatedAt: new Date(ctx.now()),
      })
      .where(eq(feeds.id, input.feedId))
      .returning();
    await appendAudit(tx, {
      actor,
      action: input.state === "active" ? "feed.enable" : "feed.pause",
      entityType: "feed",
      entityId: input.feedId,
      before: { state: before.state },
      after: { state: after!.state },
    });
    return after!;
  });
}

/**
 * Staff answer the disappearance warning with Confirm: every stay that vanished from the feed is
 * removed now (through the calendar's delete, so the locks follow) and the feed polls normally again.
 */
export async function confirmVanished(ctx: AccessContext, actor: Actor, raw: z.input<typeof feedRefInput>) {
  assertCan(actor, "access.write");
  const input = feedRefInput.parse(raw);
  const result = await ctx.db.transaction(async (tx) => {
    const feed = await lockFeed(tx, input.feedId, input.expectedVersion);
    if (feed.state !== "held") throw new AppError("CONFLICT", "This feed is not waiting for a confirmation.");
    const { doors } = await feedTarget(tx, feed);
    const report = await applyStays(tx, ctx, {
      feed,
      doors,
      stays: null,
      confirmRemovals: true,
      step: (fn) => tx.transaction(fn),
    });
    await tx
      .update(feeds)
      .set({ state: "active", held: null, version: feed.version + 1, updatedAt: new Date(ctx.now()) })
      .where(eq(feeds.id, feed.id));
    await appendAudit(tx, {
      actor,
      action: "feed.confirm_removals",
      entityType: "feed",
      entityId: feed.id,
      before: { held: feed.held },
      after: { removed: report.removed },
    });
    return report;
  });
  ctx.wake();
  return result;
}

/** "Poll now": takes the feed's lease (unless a worker holds it) and polls it at once. */
export async function pollFeedNow(
  ctx: AccessContext,
  actor: Actor,
  feedId: string,
  o: PollOptions = {},
): Promise<PollResult> {
  assertCan(actor, "access.write");
  const workerId = `manual-${actor.id}-${ctx.now()}`;
  const now = new Date(ctx.now());
  const [feed] = await ctx.db
    .update(feeds)
    .set({ leaseUntil: new Date(ctx.now() + 5 * 60_000), leaseBy: workerId })
    .where(
      and(
        eq(feeds.id, feedId),
        // Not while a worker polls it; and a preview feed is polled only once enabled.
        sqlLeaseFree(now),
      ),
    )
    .returning();
  if (!feed) throw new AppError("CONFLICT", "This feed is being polled right now, or is not enabled.");
  return pollClaimedFeed(ctx, feed, workerId, o);
}

const sqlLeaseFree = (now: Date) =>
  and(inArray(feeds.state, ["active", "held"]), or(isNull(feeds.leaseUntil), lte(feeds.leaseUntil, now)));

/** Unsubscribes a feed. Windows it made stay (they are ordinary windows now); its bookkeeping goes. */
export async function deleteFeed(ctx: AccessContext, actor: Actor, raw: z.input<typeof feedRefInput>) {
  assertCan(actor, "access.write");
  const input = feedRefInput.parse(raw);
  await ctx.db.transaction(async (tx) => {
    const feed = await lockFeed(tx, input.feedId, input.expectedVersion);
    await tx.delete(feeds).where(eq(feeds.id, feed.id));
    await appendAudit(tx, {
      actor,
      action: "feed.delete",
      entityType: "feed",
      entityId: feed.id,
      before: auditSettings(feed),
    });
  });
}
