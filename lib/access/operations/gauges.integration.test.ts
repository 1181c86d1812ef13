import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { doors } from "@/db/schema";
import { createEngine, hoursFromNow, type Engine } from "@/test/engine";
import { createWindow } from "../windows/create-window";
import { operationsGauges } from "./gauges";

let e: Engine | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

describe("operations gauges", () => {
  it("counts arrivals within 24 h on offline locks, not later ones nor those on online locks", async () => {
    const engine = await createEngine({ doors: 2, customers: 3 });
    e = engine;
    const [offline, online] = engine.doorIds as [string, string];
    const once = (fromH: number, toH: number) => ({
      kind: "once" as const,
      startsAt: hoursFromNow(engine, fromH),
      endsAt: hoursFromNow(engine, toH),
    });
    const [c0, c1, c2] = engine.customerIds as [string, string, string];
    await createWindow(engine, engine.actor, { customerId: c0, doorId: offline, window: once(2, 4) });
    await createWindow(engine, engine.actor, { customerId: c1, doorId: offline, window: once(30, 32) });
    await createWindow(engine, engine.actor, { customerId: c2, doorId: online, window: once(2, 4) });
    expect((await operationsGauges(engine.db, engine.now())).arrivalsOnOfflineLocks).toBe(0);

    await engine.db.update(doors).set({ online: false }).where(eq(doors.id, offline));
    const g = await operationsGauges(engine.db, engine.now());
    expect(g.arrivalsOnOfflineLocks).toBe(1);
    expect(g.offlineLocks).toBe(1);
    expect(g.grantsByStatus).toEqual([{ status: "pending", n: 3 }]);
    expect(g.oldestUnconfirmed).toEqual([{ doorGroup: "ungrouped", ageSeconds: expect.any(Number) }]);
  });
});
