import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, doors, sites } from "@/db/schema";
import { verifyAuditChain } from "@/db/queries/audit";
import type { Actor } from "@/lib/auth/permissions";
import { parseLocalDate, zonedInstant } from "@/lib/time/zoned-time";
import { advance, createEngine, grantFor, type Engine } from "@/test/engine";
import { reconcileOnce } from "../reconciler/run-once";
import { atRisk } from "../views/at-risk";
import { calendarView } from "../views/calendar-view";
import { siteOfCalendarLink } from "./site-directory";
import { createWindow } from "../windows/create-window";
import { createDoorGroup, deleteDoorGroup, renameDoorGroup } from "./door-groups";
import { moveDoors } from "./move-doors";
import { createSite, deleteSite, updateSite } from "./save-site";

let e: Engine;
afterEach(async () => e?.close());

const as = (role: Actor["role"]): Actor => ({
  ...e.actor,
  role,
  label: role,
  customerId: role === "customer" ? e.customerIds[0]! : null,
});
const fail = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (err) => err as { code: string; userMessage: string; details?: unknown },
  );
const berlinSite = { name: "Portier House", timeZone: "Europe/Berlin", checkIn: "15:00", checkOut: "11:00" };

/** The engine's doors (created without a site, like lock sync's imports) put into one new site. */
async function siteWithDoors(site = berlinSite) {
  const created = await createSite(e, as("admin"), site);
  await moveDoors(e, as("admin"), {
    siteId: created.id,
    doors: e.doorIds.map((doorId) => ({ doorId, siteId: null, groupId: null })),
  });
  const [fresh] = await e.db.select().from(sites).where(eq(sites.id, created.id));
  return fresh!;
}

describe("sites", () => {
  it("a site's new zone moves its doors onto it and recompiles and resends their grants", async () => {
    e = await createEngine({ doors: 2 });
    const site = await siteWithDoors();
    const startsOn = new Date(e.now() + 86_400_000).toISOString().slice(0, 10);
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: { kind: "weekly", weekdays: 127, fromMinute: 9 * 60, untilMinute: 17 * 60, startsOn, endsOn: null },
    });
    await reconcileOnce(e, "w1");
    await advance(e, 2100);
    const applied = (await grantFor(e, window.customerId, window.doorId))!;
    expect(applied.status).toBe("applied");
    expect(applied.desired!.allowedFromDate).toBe(
      new Date(zonedInstant(parseLocalDate(startsOn), 540, "Europe/Berlin")).toISOString(),
    );

    const { rezoned } = await updateSite(e, as("admin"), {
      ...berlinSite,
      timeZone: "America/New_York",
      siteId: site.id,
      expectedVersion: site.version,
    });
    expect(rezoned).toEqual({ doors: 2, pairs: 1 });
    expect((await e.db.select({ tz: doors.timeZone }).from(doors)).map((d) => d.tz)).toEqual([
      "America/New_York",
      "America/New_York",
    ]);
    // The same wall-clock series, now from 09:00 in New York: a new desired version, due now.
    const nyStart = new Date(zonedInstant(parseLocalDate(startsOn), 540, "America/New_York")).toISOString();
    const pending = (await grantFor(e, window.customerId, window.doorId))!;
    expect(pending).toMatchObject({ status: "pending", desiredVersion: applied.desiredVersion + 1 });
    expect(pending.desired).toMatchObject({
      allowedFromDate: nyStart,
      allowedFromTime: 540,
      allowedUntilTime: 1020,
    });
    expect(pending.nextRunAt!.getTime()).toBe(e.now());

    // …and the reconciler puts it on the lock.
    await reconcileOnce(e, "w1");
    await advance(e, 2100);
    expect((await grantFor(e, window.customerId, window.doorId))!.status).toBe("applied");
    expect(e.sim.snapshot().auths[0]).toMatchObject({ allowedFromDate: nyStart, allowedFromTime: 540 });

    const [entry] = await e.db.select().from(auditLog).where(eq(auditLog.action, "site.update"));
    expect(entry!.before).toMatchObject({ timeZone: "Europe/Berlin" });
    expect(entry!.after).toMatchObject({ timeZone: "America/New_York", rezoned: { doors: 2, pairs: 1 } });
    expect((await verifyAuditChain(e.db)).ok).toBe(true);
  });

  it("a door that joins a site in another zone takes the site's zone and its grants are recompiled", async () => {
    e = await createEngine({ doors: 1 });
    const startsOn = new Date(e.now() + 86_400_000).toISOString().slice(0, 10);
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: {
        kind: "weekly",
        weekdays: 127,
        fromMinute: 8 * 60,
        untilMinute: 18 * 60,
        startsOn,
        endsOn: null,
      },
    });
    const before = (await grantFor(e, window.customerId, window.doorId))!;
    const tokyo = await createSite(e, as("admin"), { ...berlinSite, name: "Tokyo", timeZone: "Asia/Tokyo" });
    await moveDoors(e, as("admin"), {
      siteId: tokyo.id,
      doors: [{ doorId: e.doorIds[0]!, siteId: null, groupId: null }],
    });
    const after = (await grantFor(e, window.customerId, window.doorId))!;
    expect(after.desiredVersion).toBe(before.desiredVersion + 1);
    expect(after.desired!.allowedFromDate).toBe(
      new Date(zonedInstant(parseLocalDate(startsOn), 480, "Asia/Tokyo")).toISOString(),
    );
  });

  it("lists a door at risk, naming both zones, when its lock keeps another zone than its site", async () => {
    e = await createEngine({ doors: 3 });
    const site = await siteWithDoors();
    await e.db.update(doors).set({ lockTimeZone: "Europe/Berlin" }).where(eq(doors.id, e.doorIds[0]!));
    await e.db.update(doors).set({ lockTimeZone: "Europe/London" }).where(eq(doors.id, e.doorIds[1]!));
    // doorIds[2] reports no zone (never synced): nothing to compare, not listed.
    await e.db.update(doors).set({ lockTimeZone: null }).where(eq(doors.id, e.doorIds[2]!));
    const first = await atRisk(e.db, as("manager"), e.now());
    expect(first.zoneMismatch).toEqual([
      {
        id: e.doorIds[1],
        name: "Door 1",
        lockTimeZone: "Europe/London",
        siteId: site.id,
        siteName: "Portier House",
        siteTimeZone: "Europe/Berlin",
      },
    ]);
    // An archived lock is history, not a risk.
    await e.db
      .update(doors)
      .set({ archivedAt: new Date(e.now()) })
      .where(eq(doors.id, e.doorIds[1]!));
    expect((await atRisk(e.db, as("manager"), e.now())).zoneMismatch).toEqual([]);
    await e.db.update(doors).set({ archivedAt: null }).where(eq(doors.id, e.doorIds[1]!));
    // Moving the site to the lock's zone makes the other lock the odd one out.
    await updateSite(e, as("admin"), {
      ...berlinSite,
      timeZone: "Europe/London",
      siteId: site.id,
      expectedVersion: site.version,
    });
    expect(
      (await atRisk(e.db, as("manager"), e.now())).zoneMismatch.map((d) => [d.name, d.lockTimeZone, d.siteTimeZone]),
    ).toEqual([["Door 0", "Europe/Berlin", "Europe/London"]]);
  });

  it("only admins change sites, groups and door places; managers, staff and customers are refused and nothing is written", async () => {
    e = await createEngine({ doors: 1 });
    const site = await siteWithDoors();
    const group = await createDoorGroup(e, as("admin"), {
      siteId: site.id,
      expectedVersion: site.version,
      name: "Studios",
    });
    const [fresh] = await e.db.select().from(sites).where(eq(sites.id, site.id));
    const auditBefore = (await e.db.select().from(auditLog)).length;
    for (const role of ["manager", "staff", "customer"] as const) {
      const who = as(role);
      const refusals = await Promise.all([
        fail(createSite(e, who, { ...berlinSite, name: `By ${role}` })),
        fail(
          updateSite(e, who, {
            ...berlinSite,
            timeZone: "Asia/Tokyo",
            siteId: site.id,
            expectedVersion: fresh!.version,
          }),
        ),
        fail(deleteSite(e, who, { siteId: site.id, expectedVersion: fresh!.version })),
        fail(createDoorGroup(e, who, { siteId: site.id, expectedVersion: fresh!.version, name: "X" })),
        fail(renameDoorGroup(e, who, { groupId: group.id, expectedVersion: fresh!.version, name: "X" })),
        fail(deleteDoorGroup(e, who, { groupId: group.id, expectedVersion: fresh!.version })),
        fail(
          moveDoors(e, who, {
            siteId: site.id,
            groupId: group.id,
            doors: [{ doorId: e.doorIds[0]!, siteId: site.id, groupId: null }],
          }),
        ),
      ]);
      expect(refusals.map((r) => r.code)).toEqual(Array(7).fill("FORBIDDEN"));
    }
    expect(await e.db.select({ name: sites.name, tz: sites.timeZone, v: sites.version }).from(sites)).toEqual([
      { name: "Portier House", tz: "Europe/Berlin", v: fresh!.version },
    ]);
    expect((await e.db.select().from(auditLog)).length).toBe(auditBefore);
  });

  it("refuses stale edits with the fresh row, bad zones and times with words, and deleting a site that holds doors", async () => {
    e = await createEngine({ doors: 2 });
    const site = await siteWithDoors();
    const admin = as("admin");
    const stale = await fail(
      updateSite(e, admin, { ...berlinSite, name: "Renamed", siteId: site.id, expectedVersion: site.version - 1 }),
    );
    expect(stale.code).toBe("CONFLICT");
    expect(stale.details).toMatchObject({ site: { id: site.id, version: site.version } });
    await expect(createSite(e, admin, { ...berlinSite, name: "Mars", timeZone: "Mars/Olympus" })).rejects.toThrow(
      /not an IANA time zone/,
    );
    await expect(createSite(e, admin, { ...berlinSite, name: "Late", checkIn: "25:00" })).rejects.toThrow(/HH:MM/);
    expect((await fail(createSite(e, admin, berlinSite))).userMessage).toMatch(/already exists/);
    const full = await fail(deleteSite(e, admin, { siteId: site.id, expectedVersion: site.version }));
    expect(full).toMatchObject({ code: "CONFLICT" });
    expect(full.userMessage).toMatch(/still holds 2 doors/);

    // A move planned from an old view (the door already moved) fails whole: neither door moves.
    const other = await createSite(e, admin, { ...berlinSite, name: "Annex" });
    const group = await createDoorGroup(e, admin, {
      siteId: other.id,
      expectedVersion: other.version,
      name: "Studios",
    });
    const moved = await fail(
      moveDoors(e, admin, {
        siteId: other.id,
        groupId: group.id,
        doors: [
          { doorId: e.doorIds[0]!, siteId: site.id, groupId: null },
          { doorId: e.doorIds[1]!, siteId: null, groupId: null },
        ],
      }),
    );
    expect(moved.code).toBe("CONFLICT");
    expect(moved.userMessage).toMatch(/Door 1/);
    expect((await e.db.select({ s: doors.siteId }).from(doors)).map((d) => d.s)).toEqual([site.id, site.id]);

    // Move both into the group, then delete the group: the doors stay in the site, ungrouped; the empty site goes.
    const fresh = (await e.db.select().from(sites).where(eq(sites.id, other.id)))[0]!;
    await moveDoors(e, admin, {
      siteId: other.id,
      groupId: group.id,
      doors: e.doorIds.map((doorId) => ({ doorId, siteId: site.id, groupId: null })),
    });
    expect((await e.db.select({ g: doors.groupId }).from(doors)).map((d) => d.g)).toEqual([group.id, group.id]);
    await expect(
      deleteDoorGroup(e, admin, { groupId: group.id, expectedVersion: fresh.version }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const now = (await e.db.select().from(sites).where(eq(sites.id, other.id)))[0]!;
    expect(await deleteDoorGroup(e, admin, { groupId: group.id, expectedVersion: now.version })).toMatchObject({
      releasedDoors: 2,
    });
    expect(await e.db.select({ s: doors.siteId, g: doors.groupId }).from(doors)).toEqual([
      { s: other.id, g: null },
      { s: other.id, g: null },
    ]);
    const emptied = (await e.db.select().from(sites).where(eq(sites.id, site.id)))[0]!;
    await deleteSite(e, admin, { siteId: site.id, expectedVersion: emptied.version });
    expect((await e.db.select({ n: sites.name }).from(sites)).map((s) => s.n)).toEqual(["Annex"]);
    expect((await verifyAuditChain(e.db)).ok).toBe(true);
  });

  it("the calendar reads one site's windows, and a link to a window opens on that window's site", async () => {
    e = await createEngine({ doors: 2 });
    const admin = as("admin");
    const house = await createSite(e, admin, berlinSite);
    const annex = await createSite(e, admin, { ...berlinSite, name: "Annex", timeZone: "Europe/Lisbon" });
    await moveDoors(e, admin, { siteId: house.id, doors: [{ doorId: e.doorIds[0]!, siteId: null, groupId: null }] });
    await moveDoors(e, admin, { siteId: annex.id, doors: [{ doorId: e.doorIds[1]!, siteId: null, groupId: null }] });
    const window = {
      kind: "once" as const,
      startsAt: new Date(e.now() + 3_600_000),
      endsAt: new Date(e.now() + 7_200_000),
    };
    await createWindow(e, e.actor, { customerId: e.customerIds[0]!, doorId: e.doorIds[0]!, window });
    const inAnnex = await createWindow(e, e.actor, { customerId: e.customerIds[1]!, doorId: e.doorIds[1]!, window });
    const range = { from: new Date(e.now()), to: new Date(e.now() + 86_400_000) };
    const doorsOf = async (siteId?: string) =>
      (await calendarView(e.db, e.actor, { ...range, siteId })).events.map((ev) => ev.doorId);
    expect(await doorsOf(house.id)).toEqual([e.doorIds[0]]);
    expect(await doorsOf(annex.id)).toEqual([e.doorIds[1]]);
    expect((await doorsOf()).sort()).toEqual([...e.doorIds].sort());
    expect(await siteOfCalendarLink(e.db, { actor: e.actor, windowId: inAnnex.window.id })).toBe(annex.id);
    expect(await siteOfCalendarLink(e.db, { actor: e.actor, doorId: e.doorIds[0]! })).toBe(house.id);
    expect(await siteOfCalendarLink(e.db, { actor: e.actor, customerId: e.customerIds[1]! })).toBe(annex.id);
    expect(await siteOfCalendarLink(e.db, { actor: e.actor, windowId: "not-a-uuid" })).toBeNull();
  });
});
