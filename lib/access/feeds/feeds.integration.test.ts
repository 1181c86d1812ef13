import { and, count, eq, isNotNull, like } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/db/queries/audit";
import {
  accessWindows,
  auditLog,
  customers,
  doorGroups,
  doors,
  type Feed,
  feedReservations,
  feeds,
  outbox,
  sites,
} from "@/db/schema";
import { runNotifications } from "@/lib/access/notify/notify";
import { reconcileOnce } from "@/lib/access/reconciler/run-once";
import { advance, createEngine, type Engine, grantFor } from "@/test/engine";
import { type FeedServer, icsOf, startFeedServer } from "@/test/feed-server";
import { handOverCode, listHandover } from "./handover";
import { confirmVanished, createFeed, pollFeedNow, previewFeed, setFeedState, updateFeed } from "./manage-feeds";
import { deleteWindow } from "../windows/delete-window";
import { claimDueFeeds, pollDueFeeds } from "./poll-feeds";

let e: Engine | undefined;
let server: FeedServer | undefined;
afterEach(async () => {
  await server?.close();
  await e?.close();
  server = undefined;
  e = undefined;
});

const stay = (uid: string, start: string, end: string, summary = "Reserved") => ({ uid, start, end, summary });
const settle = async (en: Engine) => {
  for (let i = 0; i < 4; i++) {
    await reconcileOnce(en, "w1");
    await advance(en, 2100);
  }
};
const reservations = async (en: Engine, feedId: string) =>
  en.db.select().from(feedReservations).where(eq(feedReservations.feedId, feedId)).orderBy(feedReservations.uid);
const feedRow = async (en: Engine, id: string) => (await en.db.select().from(feeds).where(eq(feeds.id, id)))[0]!;

async function subscribe(en: Engine, url: string, o: Partial<Parameters<typeof createFeed>[2]> = {}): Promise<Feed> {
  return createFeed(en, en.actor, {
    name: "Airbnb Studio",
    url,
    doorId: en.doorIds[0]!,
    profile: "airbnb",
    enable: true,
    ...o,
  });
}

describe("booking feeds end to end (real HTTP, real Postgres, the simulator)", () => {
  it("creates stays as windows and keypad codes on the lock, moves a changed stay, removes a vanished one after its grace", async () => {
    e = await createEngine({ doors: 2 });
    server = await startFeedServer(
      icsOf([
        stay("a@airbnb.com", "20260110", "20260113"),
        stay("b@airbnb.com", "20260115", "20260120", "Airbnb (Not available)"),
        stay("c@airbnb.com", "20260201", "20260203"),
      ]),
    );
    const feed = await subscribe(e, server.url);
    const first = await pollFeedNow(e, e.actor, feed.id);
    expect(first).toMatchObject({ outcome: "applied", report: { created: 2, removed: 0 } });
    const rows = await reservations(e, feed.id);
    expect(rows.map((r) => r.uid)).toEqual(["a@airbnb.com", "c@airbnb.com"]); // the block made nothing
    const [a] = rows;
    const [win] = await e.db.select().from(accessWindows).where(eq(accessWindows.id, a!.windowId!));
    expect(win!.startsAt.toISOString()).toBe("2026-01-10T14:00:00.000Z"); // 15:00 Berlin
    expect(win!.endsAt!.toISOString()).toBe("2026-01-13T10:00:00.000Z"); // 11:00 Berlin
    const [guest] = await e.db.select().from(customers).where(eq(customers.id, a!.customerId!));
    expect(guest).toMatchObject({ preferredCredential: "keypad" });
    expect(guest!.email).toMatch(/@guests\.portier\.invalid$/);
    // The audit names the feed as the actor of every window it made.
    const entries = await e.db.select().from(auditLog).where(eq(auditLog.action, "window.create"));
    expect(entries.map((x) => x.actorLabel)).toEqual(["Booking feed Airbnb Studio", "Booking feed Airbnb Studio"]);

    await settle(e);
    expect((await grantFor(e, a!.customerId!, a!.doorId!))!.status).toBe("applied");
    const auth = () =>
      e!.sim.snapshot().auths.find((x) => x.name.endsWith(`#${guest!.tag}`) && x.smartlockId === e!.smartlockIds[0]);
    expect(auth()).toMatchObject({ allowedUntilDate: "2026-01-13T10:00:00.000Z", type: 13 });

    // Unchanged feed: a conditional GET answered 304, nothing written.
    const again = await pollFeedNow(e, e.actor, feed.id);
    expect(again.outcome).toBe("not_modified");
    expect(server.requests.at(-1)).toEqual({ conditional: true, answered: 304 });

    // The guest extends by a night: the window moves and the lock's auth follows.
    server.body = icsOf([stay("a@airbnb.com", "20260110", "20260114"), stay("c@airbnb.com", "20260201", "20260203")]);
    expect((await pollFeedNow(e, e.actor, feed.id)).report).toMatchObject({ moved: 1, created: 0 });
    const [moved] = await e.db.select().from(accessWindows).where(eq(accessWindows.id, a!.windowId!));
    expect(moved!.endsAt!.toISOString()).toBe("2026-01-14T10:00:00.000Z");
    await settle(e);
    expect(auth()).toMatchObject({ allowedUntilDate: "2026-01-14T10:00:00.000Z" });

    // Reservation a vanishes: kept through the grace (180 min), then removed; the auth is deleted.
    server.body = icsOf([stay("c@airbnb.com", "20260201", "20260203")]);
    expect((await pollFeedNow(e, e.actor, feed.id)).report).toMatchObject({ vanishing: 1, removed: 0, held: false });
    expect((await reservations(e, feed.id))[0]!.windowId).toBe(a!.windowId);
    await advance(e, 181 * 60_000);
    const swept = await pollFeedNow(e, e.actor, feed.id); // 304: the grace sweep alone removes it
    expect(swept).toMatchObject({ outcome: "not_modified", report: { removed: 1 } });
    expect(await e.db.select().from(accessWindows).where(eq(accessWindows.id, a!.windowId!))).toEqual([]);
    await settle(e);
    expect(auth()).toBeUndefined();
    expect((await grantFor(e, a!.customerId!, a!.doorId!))!.status).toBe("removed");
    expect(await verifyAuditChain(e.db)).toMatchObject({ ok: true });
  });

  it("STATUS:CANCELLED removes the window at once; a stay reappearing is placed again", async () => {
    e = await createEngine();
    const entries = [
      { uid: "res-1", start: "20260112T150000Z", end: "20260114T090000Z", summary: "Jana Novak" },
      { uid: "res-2", start: "20260120T150000Z", end: "20260122T090000Z", summary: "Piotr Z" },
    ];
    server = await startFeedServer(icsOf(entries, "-//PMS//EN"));
    const feed = await subscribe(e, server.url, { profile: "pms", name: "PMS" });
    await pollFeedNow(e, e.actor, feed.id);
    await settle(e);
    expect(
      e.sim
        .snapshot()
        .auths.map((a) => a.name.replace(/ #.*/, ""))
        .sort(),
    ).toEqual(["Jana Novak", "Piotr Z"]);
    server.body = icsOf([{ ...entries[0]!, status: "CANCELLED" }, entries[1]!], "-//PMS//EN");
    expect((await pollFeedNow(e, e.actor, feed.id)).report).toMatchObject({ removed: 1 });
    await settle(e);
    expect(e.sim.snapshot().auths.map((a) => a.name.replace(/ #.*/, ""))).toEqual(["Piotr Z"]);
    const [r1] = await reservations(e, feed.id);
    expect(r1).toMatchObject({ windowId: null });
    expect(r1!.cancelledAt).not.toBeNull();
    server.body = icsOf(entries, "-//PMS//EN");
    expect((await pollFeedNow(e, e.actor, feed.id)).report).toMatchObject({ created: 1 });
    expect((await reservations(e, feed.id))[0]).toMatchObject({ removedAt: null, cancelledAt: null });
  });

  it("holds a feed whose future stays mostly vanish at once, removes nothing until staff confirm", async () => {
    e = await createEngine();
    const four = ["20260110", "20260115", "20260120", "20260125"].map((d, i) =>
      stay(`s${i}@airbnb.com`, d, `202601${String(Number(d.slice(6)) + 2).padStart(2, "0")}`),
    );
    server = await startFeedServer(icsOf(four));
    const feed = await subscribe(e, server.url);
    await pollFeedNow(e, e.actor, feed.id);
    server.body = icsOf([]); // the channel hiccups: an empty calendar
    const held = await pollFeedNow(e, e.actor, feed.id);
    expect(held.report).toMatchObject({ held: true, removed: 0 });
    let row = await feedRow(e, feed.id);
    expect(row.state).toBe("held");
    expect(row.held).toMatchObject({ vanished: 4, future: 4 });
    // Long past the grace, still nothing removed while held.
    await advance(e, 24 * 3_600_000);
    await pollFeedNow(e, e.actor, feed.id);
    expect(await e.db.select({ n: count() }).from(accessWindows)).toEqual([{ n: 4 }]);
    await expect(
      setFeedState(e, e.actor, { feedId: feed.id, expectedVersion: row.version, state: "active" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    row = await feedRow(e, feed.id);
    const confirmed = await confirmVanished(e, e.actor, { feedId: feed.id, expectedVersion: row.version });
    expect(confirmed.removed).toBe(4);
    expect(await e.db.select({ n: count() }).from(accessWindows)).toEqual([{ n: 0 }]);
    expect((await feedRow(e, feed.id)).state).toBe("active");
    const audit = await e.db.select().from(auditLog).where(eq(auditLog.entityId, feed.id));
    expect(audit.map((x) => x.action)).toEqual(["feed.create", "feed.hold", "feed.confirm_removals"]);
  });

  it("a feed that comes back with its stays clears the hold by itself", async () => {
    e = await createEngine();
    const body = icsOf([stay("x@airbnb.com", "20260110", "20260112"), stay("y@airbnb.com", "20260115", "20260117")]);
    server = await startFeedServer(body);
    const feed = await subscribe(e, server.url);
    await pollFeedNow(e, e.actor, feed.id);
    server.body = icsOf([]);
    await pollFeedNow(e, e.actor, feed.id);
    expect((await feedRow(e, feed.id)).state).toBe("held");
    server.body = body;
    expect((await pollFeedNow(e, e.actor, feed.id)).report).toMatchObject({ held: false, removed: 0, created: 0 });
    expect(await feedRow(e, feed.id)).toMatchObject({ state: "active", held: null });
  });

  it("a door-group feed places each stay on a free door and keeps it there; a full group is a problem, retried", async () => {
    e = await createEngine({ doors: 2 });
    const [site] = await e.db
      .insert(sites)
      .values({ name: "Haus", timeZone: "Europe/Berlin", checkInMinutes: 16 * 60 })
      .returning();
    const [group] = await e.db.insert(doorGroups).values({ siteId: site!.id, name: "Studios" }).returning();
    await e.db.update(doors).set({ groupId: group!.id, siteId: site!.id });
    const three = [
      stay("g1@airbnb.com", "20260110", "20260113"),
      stay("g2@airbnb.com", "20260111", "20260114"),
      stay("g3@airbnb.com", "20260112", "20260115"),
    ];
    server = await startFeedServer(icsOf(three));
    const feed = await subscribe(e, server.url, { doorId: null, groupId: group!.id, name: "Any studio" });
    const r = await pollFeedNow(e, e.actor, feed.id);
    expect(r.report).toMatchObject({ created: 2, problems: 1 });
    const rows = await reservations(e, feed.id);
    expect(new Set(rows.slice(0, 2).map((x) => x.doorId))).toEqual(new Set(e.doorIds));
    expect(rows[2]).toMatchObject({ windowId: null, problem: "No door of the group is free for this stay." });
    const [w] = await e.db.select().from(accessWindows).where(eq(accessWindows.id, rows[0]!.windowId!));
    expect(w!.startsAt.toISOString()).toBe("2026-01-10T15:00:00.000Z"); // the site's 16:00 check-in
    // g1 leaves early: g3 now fits, and g1, g2 keep their doors.
    server.body = icsOf([stay("g1@airbnb.com", "20260110", "20260111"), three[1]!, three[2]!]);
    const r2 = await pollFeedNow(e, e.actor, feed.id);
    expect(r2.report).toMatchObject({ moved: 1, created: 1, problems: 0 });
    const after = await reservations(e, feed.id);
    expect(after.slice(0, 2).map((x) => x.doorId)).toEqual(rows.slice(0, 2).map((x) => x.doorId));
    expect(after[2]!.doorId).toBe(rows[0]!.doorId);
  });

  it("previews exactly what enabling would create, and writes nothing", async () => {
    e = await createEngine();
    server = await startFeedServer(
      icsOf([
        stay("p@airbnb.com", "20260110", "20260113"),
        stay("q@airbnb.com", "20260115", "20260117", "Airbnb (Not available)"),
      ]),
    );
    const before = await e.db.select({ n: count() }).from(customers);
    const preview = await previewFeed(e, e.actor, {
      name: "P",
      url: server.url,
      doorId: e.doorIds[0]!,
      profile: "pms",
    });
    // A PMS profile would take "Reserved" as a name; the guess says this is Airbnb.
    expect(preview.suggestedProfile).toBe("airbnb");
    const airbnb = await previewFeed(e, e.actor, {
      name: "P",
      url: server.url,
      doorId: e.doorIds[0]!,
      profile: "airbnb",
    });
    expect(airbnb).toMatchObject({ created: 1, blocks: 1, timeZone: "Europe/Berlin" });
    expect(airbnb.actions[0]).toMatchObject({
      action: "create",
      doorName: "Door 0",
      startsAt: "2026-01-10T14:00:00.000Z",
      email: null,
    });
    expect(await e.db.select({ n: count() }).from(customers)).toEqual(before);
    expect(await e.db.select({ n: count() }).from(feeds)).toEqual([{ n: 0 }]);
    // A long feed previews its 60 earliest stays (bounded time under the audit lock) and counts the rest.
    server.body = icsOf(
      Array.from({ length: 62 }, (_, i) => {
        const day = (n: number) =>
          new Date(Date.UTC(2026, 1, 1) + n * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "");
        return stay(`long${i}@airbnb.com`, day(i * 2), day(i * 2 + 1));
      }),
    );
    const long = await previewFeed(e, e.actor, {
      name: "P",
      url: server.url,
      doorId: e.doorIds[0]!,
      profile: "airbnb",
    });
    expect(long).toMatchObject({ created: 60, notShown: 2 });
    expect(long.actions[0]!.uid).toBe("long0@airbnb.com");
    expect(await e.db.select({ n: count() }).from(accessWindows)).toEqual([{ n: 0 }]);
  });

  it("lists guests without email for the desk, who may see the code once", async () => {
    e = await createEngine();
    server = await startFeedServer(icsOf([stay("h@airbnb.com", "20260110", "20260113")]));
    const feed = await subscribe(e, server.url);
    await pollFeedNow(e, e.actor, feed.id);
    const list = await listHandover(e.db, e.actor, e.now());
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ guestName: "Airbnb guest 01-10", doorName: "Door 0", handedOverAt: null });
    const { code } = await handOverCode(e, e.actor, list[0]!.reservationId);
    expect(String(code)).toMatch(/^[1-9]{6}$/);
    await expect(handOverCode(e, e.actor, list[0]!.reservationId)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = { ...e.actor, role: "admin" as const };
    expect((await handOverCode(e, admin, list[0]!.reservationId)).code).toBe(code);
    const audit = await e.db.select().from(auditLog).where(eq(auditLog.action, "code.hand_over"));
    expect(JSON.stringify(audit)).not.toContain(String(code));
    // Once on the lock, nobody is mailed at the reserved placeholder address.
    await settle(e);
    expect((await listHandover(e.db, e.actor, e.now()))[0]!.grantStatus).toBe("applied");
    await runNotifications(e);
    expect(await e.db.select().from(outbox).where(like(outbox.to, "%.invalid"))).toEqual([]);
  });
});

describe("editing a feed", () => {
  it("an operator override turns Booking.com's CLOSED nights into blocks; the guard asks before removing; the audit never holds the URL", async () => {
    e = await createEngine();
    server = await startFeedServer(
      icsOf(
        [
          stay("b1@booking.com", "20260110", "20260112", "CLOSED - Not available"),
          stay("b2@booking.com", "20260115", "20260117", "CLOSED - Not available"),
        ],
        "-//admin.booking.com//EN",
      ),
    );
    const feed = await subscribe(e, server.url, { profile: "booking", name: "Booking" });
    expect((await pollFeedNow(e, e.actor, feed.id)).report).toMatchObject({ created: 2 });
    const edit = {
      feedId: feed.id,
      name: "Booking",
      profile: "booking" as const,
      blockPattern: "closed",
    };
    const updated = await updateFeed(e, e.actor, { ...edit, expectedVersion: feed.version });
    await expect(updateFeed(e, e.actor, { ...edit, expectedVersion: feed.version })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(updated.etag).toBeNull(); // the next poll reads the whole feed again under the new rules
    const r = await pollFeedNow(e, e.actor, feed.id);
    expect(r.report).toMatchObject({ held: true, removed: 0 });
    const audit = await e.db.select().from(auditLog).where(eq(auditLog.entityId, feed.id));
    expect(JSON.stringify(audit)).not.toContain("secret-token");
    expect(audit.find((a) => a.action === "feed.update")!.after).toMatchObject({
      blockPattern: "closed",
      urlChanged: false,
    });
  });

  it("a window staff deleted by hand is not put back by the next poll", async () => {
    e = await createEngine();
    server = await startFeedServer(icsOf([stay("k@airbnb.com", "20260110", "20260113")]));
    const feed = await subscribe(e, server.url);
    await pollFeedNow(e, e.actor, feed.id);
    const [r] = await reservations(e, feed.id);
    const [w] = await e.db.select().from(accessWindows).where(eq(accessWindows.id, r!.windowId!));
    await deleteWindow(e, e.actor, { windowId: w!.id, expectedVersion: w!.version });
    server.body = `${server.body}\r\n`; // a changed body: a full poll, not a 304
    expect((await pollFeedNow(e, e.actor, feed.id)).report).toMatchObject({ created: 0, unchanged: 1 });
    expect(await e.db.select().from(accessWindows)).toEqual([]);
  });
});

describe("polling", () => {
  it("records errors with backoff and never the URL; a size cap and a timeout bound each fetch", async () => {
    e = await createEngine();
    server = await startFeedServer(icsOf([]));
    const feed = await subscribe(e, server.url);
    server.status = 500;
    const r = await pollFeedNow(e, e.actor, feed.id);
    expect(r).toMatchObject({ outcome: "failed", error: "The feed answered HTTP 500." });
    let row = await feedRow(e, feed.id);
    expect(row.failures).toBe(1);
    expect(row.nextPollAt.getTime() - e.now()).toBe(30 * 60_000); // 15 min doubled
    expect(JSON.stringify(row)).not.toContain("secret-token");
    expect(row.urlHint).toBe(`${new URL(server.url).protocol}//${new URL(server.url).host}/calendar/ic…?…`);

    server.status = 200;
    server.endless = true;
    const big = await pollFeedNow(e, e.actor, feed.id, { maxBytes: 64 * 1024 });
    expect(big.error).toMatch(/larger than/);
    server.endless = false;
    server.hangMs = 2000;
    const slow = await pollFeedNow(e, e.actor, feed.id, { timeoutMs: 200 });
    expect(slow.error).toBe("The feed did not answer within 0.2 s.");
    row = await feedRow(e, feed.id);
    expect(row.failures).toBe(3);
    expect(row.lastError).toBe("The feed did not answer within 0.2 s.");
  });

  it("leases each due feed to one worker; paused and preview feeds are not polled", async () => {
    e = await createEngine();
    server = await startFeedServer(icsOf([stay("l@airbnb.com", "20260110", "20260113")]));
    const feed = await subscribe(e, server.url);
    await subscribe(e, server.url, { name: "Not yet", enable: false });
    const [a, b] = await Promise.all([claimDueFeeds(e, "w1"), claimDueFeeds(e, "w2")]);
    expect([...a, ...b].map((f) => f.id)).toEqual([feed.id]);
    await expect(pollFeedNow(e, e.actor, feed.id)).rejects.toMatchObject({ code: "CONFLICT" });
    // The lease runs out (a crashed worker): the job takes the feed again.
    await advance(e, 6 * 60_000);
    expect(await pollDueFeeds(e, "w3")).toEqual({ polled: 1, failed: 0 });
    expect(
      await e.db.select({ n: count() }).from(feedReservations).where(isNotNull(feedReservations.windowId)),
    ).toEqual([{ n: 1 }]);
    const row = await feedRow(e, feed.id);
    await setFeedState(e, e.actor, { feedId: feed.id, expectedVersion: row.version, state: "paused" });
    await advance(e, 60 * 60_000);
    expect(await claimDueFeeds(e, "w1")).toEqual([]);
    expect(
      await e.db
        .select()
        .from(feeds)
        .where(and(eq(feeds.state, "preview"))),
    ).toHaveLength(1);
  });
});
