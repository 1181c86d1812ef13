import { afterEach, describe, expect, it, vi } from "vitest";
import { bulkJobs, feedReservations } from "@/db/schema";
import { bulkJobStatus, runBulkJob, startBulkAssign } from "@/lib/access/windows/bulk-assign";
import { createFeed } from "@/lib/access/feeds/manage-feeds";
import { createEngine, type Engine, hoursFromNow } from "@/test/engine";
import { type FeedServer, icsOf, startFeedServer } from "@/test/feed-server";
import { backgroundJobs } from "./jobs";

let e: Engine | undefined;
let server: FeedServer | undefined;
afterEach(async () => {
  await server?.close();
  await e?.close();
});

describe("background jobs", () => {
  it("polls booking feeds beside the reconciler loop, one run at a time per process", async () => {
    e = await createEngine();
    server = await startFeedServer(icsOf([{ uid: "j@airbnb.com", start: "20260110", end: "20260113" }]));
    server.hangMs = 300; // the run is still going when the job is asked again
    await createFeed(e, e.actor, {
      name: "J",
      url: server.url,
      doorId: e.doorIds[0]!,
      profile: "airbnb",
      enable: true,
    });
    const feeds = backgroundJobs(e, "w1").find((j) => j.name === "feeds")!;
    expect(await feeds.run()).toEqual({ started: true }); // returns at once: the loop is not held
    expect(await feeds.run()).toEqual({ skipped: "a poll run is still going" });
    await vi.waitFor(async () => expect(await e!.db.select().from(feedReservations)).toHaveLength(1), {
      timeout: 10_000,
    });
    await vi.waitFor(async () => expect(await feeds.run()).toEqual({ started: true }));
  });

  it("resumes a paused bulk job without anyone opening its progress page", async () => {
    e = await createEngine({ doors: 2, customers: 3 });
    const { jobId } = await startBulkAssign(e, e.actor, {
      customerIds: e.customerIds,
      doorIds: e.doorIds,
      window: { kind: "once", startsAt: hoursFromNow(e, 1), endsAt: hoursFromNow(e, 3) },
    });
    // A runner did one chunk and stopped (a restart): the job is unfinished and nobody holds it.
    expect(await runBulkJob(e, jobId, { chunk: 2, maxChunks: 1 })).toEqual({ finished: false });
    expect(await bulkJobStatus(e.db, e.actor, jobId)).toMatchObject({ done: 2, finished: false });
    const bulk = backgroundJobs(e, "w1").find((j) => j.name === "bulk-jobs")!;
    expect(await bulk.run()).toEqual({ started: true });
    expect(await bulk.run()).toEqual({ skipped: "a resume run is still going" });
    await vi.waitFor(
      async () => expect(await bulkJobStatus(e!.db, e!.actor, jobId)).toMatchObject({ done: 6, finished: true }),
      {
        timeout: 20_000,
      },
    );
    const [job] = await e.db.select().from(bulkJobs);
    expect(job!.leaseUntil).toBeNull();
  });
});
