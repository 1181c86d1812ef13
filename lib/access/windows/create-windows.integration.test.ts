import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { accessWindows, grants } from "@/db/schema";
import { createEngine, hoursFromNow, type Engine } from "@/test/engine";
import { createWindow, createWindows } from "./create-window";

let e: Engine;
afterEach(async () => e?.close());
const once = (fromH: number, toH: number) => ({
  kind: "once" as const,
  startsAt: hoursFromNow(e, fromH),
  endsAt: hoursFromNow(e, toH),
});

describe("one customer's window on several doors (the dialog's several doors at once)", () => {
  it("creates the window on every chosen door, each with its grant", async () => {
    e = await createEngine();
    const customerId = e.customerIds[0]!;
    const doorIds = [e.doorIds[0]!, e.doorIds[1]!, e.doorIds[2]!];
    const results = await createWindows(e, e.actor, { customerId, doorIds, window: once(1, 3) });
    expect(results.map((r) => r.window.doorId).sort()).toEqual([...doorIds].sort());
    const rows = await e.db.select().from(accessWindows).where(eq(accessWindows.customerId, customerId));
    expect(rows).toHaveLength(3);
    const g = await e.db.select().from(grants).where(eq(grants.customerId, customerId));
    expect(new Set(g.filter((x) => x.desired).map((x) => x.doorId))).toEqual(new Set(doorIds));
  });

  it("is all or none: one refused door (an overlap) leaves no window on the others", async () => {
    e = await createEngine();
    const customerId = e.customerIds[1]!;
    await createWindow(e, e.actor, { customerId, doorId: e.doorIds[1]!, window: once(2, 4) });
    const err = await createWindows(e, e.actor, {
      customerId,
      doorIds: [e.doorIds[0]!, e.doorIds[1]!, e.doorIds[2]!],
      window: once(1, 3),
    }).then(
      () => null,
      (x: { code: string }) => x,
    );
    expect(err?.code).toBe("CONFLICT");
    const rows = await e.db.select().from(accessWindows).where(eq(accessWindows.customerId, customerId));
    expect(rows).toHaveLength(1); // only the one from before
  });

  it("refuses a caller who may not write access", async () => {
    e = await createEngine();
    const manager = { ...e.actor, role: "manager" as const };
    await expect(
      createWindows(e, manager, { customerId: e.customerIds[0]!, doorIds: [e.doorIds[0]!], window: once(1, 2) }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
