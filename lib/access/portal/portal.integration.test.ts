import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, customers, grants, outbox } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { createEngine, hoursFromNow, type Engine } from "@/test/engine";
import { createWindow } from "../windows/create-window";
import { icalFeed } from "./ical";
import { createIcalLink, icalTokenHash, requestNewInvite } from "./portal-actions";

/** The portal's own actions and the calendar feed: each acts for the signed-in customer only. */
let e: Engine;
let A: Actor;
let a: string, b: string;
let aGrant: string, bGrant: string, aKeypadGrant: string;
let aStart: number; // when A's windows start
beforeAll(async () => {
  e = await createEngine({ doors: 2, customers: 2, credential: "app" });
  [a, b] = e.customerIds as [string, string];
  await e.db.update(customers).set({ name: "Ana; Smith, \\ Jr." }).where(eq(customers.id, a));
  A = { id: "00000000-0000-4000-8000-00000000000a", role: "customer", label: "A", customerId: a };
  aStart = hoursFromNow(e, 2).getTime();
  const w = await createWindow(e, e.actor, {
    customerId: a,
    doorId: e.doorIds[0]!,
    window: { kind: "once", startsAt: hoursFromNow(e, 2), endsAt: hoursFromNow(e, 4) },
  });
  aGrant = w.grants[0]!.id;
  bGrant = (
    await createWindow(e, e.actor, {
      customerId: b,
      doorId: e.doorIds[0]!,
      window: { kind: "once", startsAt: hoursFromNow(e, 2), endsAt: hoursFromNow(e, 4) },
    })
  ).grants[0]!.id;
  await e.db.update(customers).set({ preferredCredential: "keypad" }).where(eq(customers.id, a));
  aKeypadGrant = (
    await createWindow(e, e.actor, {
      customerId: a,
      doorId: e.doorIds[1]!,
      window: { kind: "once", startsAt: hoursFromNow(e, 2), endsAt: hoursFromNow(e, 4) },
    })
  ).grants[0]!.id;
});
afterAll(async () => e?.close());

describe("asking for a new app invite", () => {
  it("records the request and tells the front desk which customer and door, once per hour", async () => {
    process.env.FRONT_DESK_EMAIL = "desk@portier.test";
    expect(await requestNewInvite(e, A, aGrant)).toEqual({ requested: true });
    e.clock.advance(60_000);
    await requestNewInvite(e, A, aGrant); // a second click a minute later, same hour: one mail
    const mails = await e.db.select().from(outbox).where(eq(outbox.kind, "invite-resend-request"));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      to: "desk@portier.test",
      subject: "Ana; Smith, \\ Jr. asks for a new Nuki invite (Door 0)",
      body: "Ana; Smith, \\ Jr. asked for a new app invite for Door 0. Open the customer in Portier to re-send it.",
    });
    const audit = await e.db.select().from(auditLog).where(eq(auditLog.action, "invite.resend_requested"));
    expect(audit.map((x) => [x.entityType, x.entityId])).toEqual([
      ["grant", aGrant],
      ["grant", aGrant],
    ]);
    delete process.env.FRONT_DESK_EMAIL;
  });
  it("goes to the default front-desk address when none is configured", async () => {
    e.clock.advance(3_600_000);
    await requestNewInvite(e, A, aGrant);
    const mails = await e.db.select().from(outbox).where(eq(outbox.kind, "invite-resend-request"));
    expect(mails.at(-1)!.to).toBe("frontdesk@portier.test");
  });
  it("is refused for another customer's grant, a keypad grant, or staff", async () => {
    await expect(requestNewInvite(e, A, bGrant)).rejects.toMatchObject({
      code: "NOT_FOUND",
      userMessage: "Not found.",
    });
    await expect(requestNewInvite(e, A, aKeypadGrant)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(requestNewInvite(e, e.actor, aGrant)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(requestNewInvite(e, { ...A, customerId: null }, aGrant)).rejects.toMatchObject({
      code: "NOT_FOUND",
      userMessage: "No customer record is linked to this sign-in.",
    });
  });
});

describe("the private calendar feed", () => {
  it("a new link replaces the old one; only its hash is stored", async () => {
    const first = await createIcalLink(e, A, "https://portier.test");
    expect(first.url).toMatch(/^https:\/\/portier\.test\/api\/ical\/[A-Za-z0-9_-]{32}$/);
    const token1 = first.url.split("/").pop()!;
    const second = await createIcalLink(e, A, "https://portier.test");
    const token2 = second.url.split("/").pop()!;
    expect(token2).not.toBe(token1);
    const [row] = await e.db.select().from(customers).where(eq(customers.id, a));
    expect(row!.icalTokenHash).toBe(icalTokenHash(token2));
    expect(icalTokenHash(token2)).toMatch(/^[0-9a-f]{64}$/);
    expect(icalTokenHash(token2)).not.toBe(icalTokenHash(token1));
    expect(await icalFeed(e.db, token1, e.now())).toBeNull();
    expect(await icalFeed(e.db, token2, e.now())).toContain("BEGIN:VCALENDAR");
    // B's row is untouched.
    expect((await e.db.select().from(customers).where(eq(customers.id, b)))[0]!.icalTokenHash).toBeNull();
    await expect(createIcalLink(e, e.actor, "https://x")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("is a valid RFC 5545 feed of the customer's windows only, escaped, in UTC", async () => {
    const token = (await createIcalLink(e, A, "https://x")).url.split("/").pop()!;
    const feed = (await icalFeed(e.db, token, e.now()))!;
    expect(feed.endsWith("END:VCALENDAR\r\n")).toBe(true);
    const lines = feed.split("\r\n");
    expect(lines.slice(0, 5)).toEqual([
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Portier//Door access//EN",
      "X-WR-CALNAME:Door access – Ana\\; Smith\\, \\\\ Jr.",
      "METHOD:PUBLISH",
    ]);
    const windows = await e.db.select().from(grants).where(eq(grants.customerId, a));
    expect(windows).toHaveLength(2);
    const events = feed.split("BEGIN:VEVENT").slice(1);
    expect(events).toHaveLength(2);
    const start = aStart;
    const stamp = (t: number) =>
      new Date(t)
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, "");
    for (const ev of events) {
      expect(ev).toContain(`DTSTART:${stamp(start)}\r\n`);
      expect(ev).toContain(`DTEND:${stamp(start + 2 * 3_600_000)}\r\n`);
      expect(ev).toContain(`DTSTAMP:${stamp(e.now())}\r\n`);
      expect(ev).toMatch(/\r\nUID:[0-9a-f-]{36}-\d+@portier\r\n/);
      expect(ev).toMatch(/SUMMARY:Access: Door [01]\r\nEND:VEVENT/);
    }
    expect(stamp(start)).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it("escapes line breaks in names", async () => {
    await e.db.update(customers).set({ name: "Bo\nBerg" }).where(eq(customers.id, b));
    const B: Actor = { id: "00000000-0000-4000-8000-00000000000b", role: "customer", label: "B", customerId: b };
    const token = (await createIcalLink(e, B, "https://x")).url.split("/").pop()!;
    expect((await icalFeed(e.db, token, e.now()))!.split("\r\n")[3]).toBe("X-WR-CALNAME:Door access – Bo\\nBerg");
  });

  it("answers nothing to a malformed or unknown token", async () => {
    expect(await icalFeed(e.db, "short", e.now())).toBeNull();
    expect(await icalFeed(e.db, "x".repeat(65), e.now())).toBeNull();
    expect(await icalFeed(e.db, "y".repeat(30), e.now())).toBeNull();
  });

  it("lists only the next 90 days and nothing long past", async () => {
    const token = (await createIcalLink(e, A, "https://x")).url.split("/").pop()!;
    expect((await icalFeed(e.db, token, e.now() + 91 * 86_400_000))!).not.toContain("BEGIN:VEVENT");
    expect((await icalFeed(e.db, token, e.now() - 89 * 86_400_000))!).toContain("BEGIN:VEVENT");
    expect((await icalFeed(e.db, token, e.now() - 91 * 86_400_000))!).not.toContain("BEGIN:VEVENT");
  });
});
