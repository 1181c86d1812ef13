import { afterEach, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { auditLog, accessWindows, doors } from "@/db/schema";
import { verifyAuditChain } from "@/db/queries/audit";
import { createEngine, hoursFromNow, type Engine } from "@/test/engine";
import { bulkAssign } from "./bulk-assign";
import { createWindow } from "./create-window";
import { deleteWindow } from "./delete-window";
import { updateWindow } from "./update-window";

let e: Engine;
afterEach(async () => e?.close());
const once = (fromH: number, toH: number) => ({
  kind: "once" as const,
  startsAt: hoursFromNow(e, fromH),
  endsAt: hoursFromNow(e, toH),
});
const fail = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (err) => err as { code: string; userMessage: string; details?: unknown },
  );

describe("window services", () => {
  it("refuses a new window on an archived door, and moving a window onto one, naming the door", async () => {
    e = await createEngine();
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(1, 3),
    });
    await e.db
      .update(doors)
      .set({ archivedAt: new Date(e.now()) })
      .where(eq(doors.id, e.doorIds[1]!));
    const created = await fail(
      createWindow(e, e.actor, { customerId: e.customerIds[0]!, doorId: e.doorIds[1]!, window: once(1, 3) }),
    );
    expect(created.code).toBe("INVALID_INPUT");
    expect(created.userMessage).toMatch(/Door 1 is archived/);
    const moved = await fail(
      updateWindow(e, e.actor, { windowId: window.id, expectedVersion: 1, doorId: e.doorIds[1]!, window: once(1, 3) }),
    );
    expect(moved.userMessage).toMatch(/takes no new windows/);
    expect(
      await e.db.select({ n: count() }).from(accessWindows).where(eq(accessWindows.doorId, e.doorIds[1]!)),
    ).toEqual([{ n: 0 }]);
  });

  it("refuses an overlapping window of the same customer on the same door, with a clear message", async () => {
    e = await createEngine();
    await createWindow(e, e.actor, { customerId: e.customerIds[0]!, doorId: e.doorIds[0]!, window: once(1, 3) });
    const err = await fail(
      createWindow(e, e.actor, { customerId: e.customerIds[0]!, doorId: e.doorIds[0]!, window: once(2, 4) }),
    );
    expect(err.code).toBe("CONFLICT");
    expect(err.userMessage).toMatch(/overlaps another window/);
    // Back to back is fine ([start, end) windows), and so is another door or another customer.
    await createWindow(e, e.actor, { customerId: e.customerIds[0]!, doorId: e.doorIds[0]!, window: once(3, 4) });
    await createWindow(e, e.actor, { customerId: e.customerIds[0]!, doorId: e.doorIds[1]!, window: once(2, 4) });
    await createWindow(e, e.actor, { customerId: e.customerIds[1]!, doorId: e.doorIds[0]!, window: once(2, 4) });
  });

  it("refuses a weekly series that hits an existing one-off, and windows already over", async () => {
    e = await createEngine();
    const day = new Date(e.now()).toISOString().slice(0, 10);
    await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(24 * 7 + 1, 24 * 7 + 2),
    });
    const err = await fail(
      createWindow(e, e.actor, {
        customerId: e.customerIds[0]!,
        doorId: e.doorIds[0]!,
        window: { kind: "weekly", weekdays: 127, fromMinute: 0, untilMinute: 1440, startsOn: day, endsOn: null },
      }),
    );
    expect(err.code).toBe("CONFLICT");
    expect(
      (
        await fail(
          createWindow(e, e.actor, { customerId: e.customerIds[0]!, doorId: e.doorIds[1]!, window: once(-3, -1) }),
        )
      ).userMessage,
    ).toMatch(/already over/);
  });

  it("gives the second of two concurrent editors a conflict with the fresh window, and loses nothing", async () => {
    e = await createEngine();
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(1, 3),
    });
    const results = await Promise.allSettled([
      updateWindow(e, e.actor, { windowId: window.id, expectedVersion: 1, window: once(5, 6) }),
      updateWindow(e, e.actor, { windowId: window.id, expectedVersion: 1, window: once(8, 9) }),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const conflict = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(ok).toHaveLength(1);
    expect(conflict.reason.code).toBe("CONFLICT");
    const winner = (ok[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof updateWindow>>>).value.window;
    expect(conflict.reason.details.window).toMatchObject({ id: window.id, version: 2, startsAt: winner.startsAt });
    const [row] = await e.db.select().from(accessWindows).where(eq(accessWindows.id, window.id));
    expect(row).toMatchObject({ version: 2, startsAt: winner.startsAt });
  });

  it("moves a window to another door: the old door's grant is removed, the new one gets it", async () => {
    e = await createEngine();
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(1, 3),
    });
    const moved = await updateWindow(e, e.actor, {
      windowId: window.id,
      expectedVersion: 1,
      doorId: e.doorIds[1]!,
      window: once(1, 3),
    });
    expect(moved.window.doorId).toBe(e.doorIds[1]);
    const rows = await e.db.query.grants.findMany();
    expect(rows.find((g) => g.doorId === e.doorIds[0])!.desired).toBeNull();
    expect(rows.find((g) => g.doorId === e.doorIds[1])!.desired).not.toBeNull();
  });

  it("audits every change in the hash chain, with before and after", async () => {
    e = await createEngine();
    const { window } = await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: once(1, 3),
    });
    await updateWindow(e, e.actor, { windowId: window.id, expectedVersion: 1, window: once(2, 3) });
    await deleteWindow(e, e.actor, { windowId: window.id, expectedVersion: 2 });
    const entries = await e.db.select().from(auditLog).orderBy(auditLog.id);
    expect(entries.map((a) => a.action)).toEqual(["window.create", "window.update", "window.delete"]);
    expect(entries[1]!.before).toMatchObject({ version: 1 });
    expect(entries[1]!.after).toMatchObject({ version: 2 });
    expect((await verifyAuditChain(e.db)).ok).toBe(true);
  });

  it("checks the actor's permission inside the service, not only in the action", async () => {
    e = await createEngine();
    for (const role of ["manager", "customer"] as const) {
      const err = await fail(
        createWindow(
          e,
          { ...e.actor, role },
          { customerId: e.customerIds[0]!, doorId: e.doorIds[0]!, window: once(1, 3) },
        ),
      );
      expect(err.code).toBe("FORBIDDEN");
    }
    expect((await e.db.select({ n: count() }).from(accessWindows))[0]!.n).toBe(0);
  });

  it("bulk-assigns customers × doors, skipping and reporting pairs that would overlap", async () => {
    e = await createEngine({ doors: 3, customers: 3 });
    await createWindow(e, e.actor, { customerId: e.customerIds[1]!, doorId: e.doorIds[2]!, window: once(1, 2) });
    const r = await bulkAssign(e, e.actor, { customerIds: e.customerIds, doorIds: e.doorIds, window: once(1, 5) });
    expect(r.created).toHaveLength(8);
    expect(r.skipped).toEqual([
      { customerId: e.customerIds[1], doorId: e.doorIds[2], reason: expect.stringMatching(/overlaps/) },
    ]);
  });
});
