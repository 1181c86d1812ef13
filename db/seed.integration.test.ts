import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { createTestDatabase } from "@/test/db";
import { customers, doors, users } from "./schema";
import { seedDemoIfEmpty } from "./seed";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe("demo seed", () => {
  it("seeds the building once, even when two instances start together", async () => {
    const results = await Promise.all([seedDemoIfEmpty(t.db), seedDemoIfEmpty(t.db)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const [[d], [c], [u]] = await Promise.all([
      t.db.select({ n: count() }).from(doors),
      t.db.select({ n: count() }).from(customers),
      t.db.select({ n: count() }).from(users),
    ]);
    expect([d!.n, c!.n, u!.n]).toEqual([12, 40, 4]);
  });
});
