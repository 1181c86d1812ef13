import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { customers, grants } from "@/db/schema";
import { createEngine, hoursFromNow, type Engine } from "@/test/engine";
import { createWindow } from "../windows/create-window";

let e: Engine;
afterEach(async () => e?.close());

describe("a keypad customer's code across doors", () => {
  // Found by bench/scale-out.ts: an API client creating a new customer's windows on many doors in
  // parallel got a different code on several doors (each first transaction chose its own).
  it("is one code on every door when their first windows are created concurrently", async () => {
    e = await createEngine({ doors: 8, customers: 1 });
    const customerId = e.customerIds[0]!;
    await Promise.all(
      e.doorIds.map((doorId) =>
        createWindow(e, e.actor, {
          customerId,
          doorId,
          window: { kind: "once", startsAt: hoursFromNow(e, 1), endsAt: hoursFromNow(e, 3) },
        }),
      ),
    );
    const [customer] = await e.db.select().from(customers).where(eq(customers.id, customerId));
    const rows = await e.db.select().from(grants).where(eq(grants.customerId, customerId));
    expect(rows).toHaveLength(8);
    const codes = new Set(rows.map((g) => e.vault.decrypt(g.codeEnc!)));
    expect(codes.size).toBe(1);
    expect([...codes][0]).toBe(e.vault.decrypt(customer!.keypadCodeEnc!));
  });
});
