"use server";

import { z } from "zod";
import { handOverCode } from "@/lib/access/feeds/handover";
import {
  confirmVanished,
  createFeed,
  deleteFeed,
  pollFeedNow,
  previewFeed,
  setFeedState,
  updateFeed,
} from "@/lib/access/feeds/manage-feeds";
import {
  createFeedInput,
  feedRefInput,
  handOverInput,
  previewFeedInput,
  setFeedStateInput,
  updateFeedInput,
} from "@/lib/access/feeds/schemas";
import { defineAction } from "@/lib/actions/define-action";
import { getAccessContext } from "@/lib/runtime/context";

// Thin edges: session + permission + zod here; lib/access/feeds checks the permission again and
// audits in the same transaction. The feed URL goes in and never comes back out.

/** Fetches the feed and shows what enabling it would create (nothing is written). */
export const previewFeedAction = defineAction({
  input: previewFeedInput,
  permission: "access.write",
  run: async (input, actor) => previewFeed(await getAccessContext(), actor, input),
});

export const createFeedAction = defineAction({
  input: createFeedInput,
  permission: "access.write",
  run: async (input, actor) => {
    const ctx = await getAccessContext();
    const feed = await createFeed(ctx, actor, input);
    // Enabled: the first poll runs now rather than at the next job tick, so the page shows its result.
    const poll = input.enable ? await pollFeedNow(ctx, actor, feed.id).catch(() => null) : null;
    return { id: feed.id, poll: poll ? { outcome: poll.outcome, error: poll.error ?? null } : null };
  },
});

export const updateFeedAction = defineAction({
  input: updateFeedInput,
  permission: "access.write",
  run: async (input, actor) => {
    const feed = await updateFeed(await getAccessContext(), actor, input);
    return { id: feed.id, version: feed.version };
  },
});

export const setFeedStateAction = defineAction({
  input: setFeedStateInput,
  permission: "access.write",
  run: async (input, actor) => {
    const feed = await setFeedState(await getAccessContext(), actor, input);
    return { state: feed.state };
  },
});

export const confirmVanishedAction = defineAction({
  input: feedRefInput,
  permission: "access.write",
  run: async (input, actor) => {
    const report = await confirmVanished(await getAccessContext(), actor, input);
    return { removed: report.removed };
  },
});

export const pollFeedNowAction = defineAction({
  input: z.object({ feedId: z.uuid() }),
  permission: "access.write",
  run: async (input, actor) => {
    const r = await pollFeedNow(await getAccessContext(), actor, input.feedId);
    return {
      outcome: r.outcome,
      error: r.error ?? null,
      report: r.report ? { ...r.report, actions: undefined } : null,
    };
  },
});

export const deleteFeedAction = defineAction({
  input: feedRefInput,
  permission: "access.write",
  run: async (input, actor) => deleteFeed(await getAccessContext(), actor, input),
});

/** The desk hands a code-only guest their code: shown once, audited, marked handed over. */
export const handOverCodeAction = defineAction({
  input: handOverInput,
  permission: "customers.write",
  run: async (input, actor) => handOverCode(await getAccessContext(), actor, input.reservationId),
});
