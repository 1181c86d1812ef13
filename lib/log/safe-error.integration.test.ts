import { format } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { customers } from "@/db/schema";
import { toActionFailure } from "@/lib/actions/action-failure";
import { createTestDatabase } from "@/test/db";
import { safeErrorForLog } from "./safe-error";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.insert(customers).values({ name: "Zelda Zimmermann", email: "zelda@example.com" });
});
afterAll(async () => t.drop());

const duplicate = () =>
  t.db
    .insert(customers)
    .values({ name: "Zelda Zimmermann", email: "zelda@example.com", notes: "allergic to cats" })
    .then(
      () => null,
      (e: unknown) => e,
    );

describe("database errors in logs carry no customer data (issue 14, Low)", () => {
  it("keeps SQLSTATE, constraint and SQL, drops parameters and Postgres's detail", async () => {
    const error = await duplicate();
    expect(error).toBeInstanceOf(Error);
    const line = safeErrorForLog(error);
    expect(line).toContain("23505");
    expect(line).toContain("customers_email_unique");
    expect(line).toContain('insert into "customers"');
    for (const secret of ["Zelda", "zelda@example.com", "allergic"]) expect(line).not.toContain(secret);
  });

  it("an unexpected failure in a server action logs only that", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(toActionFailure(await duplicate())).toMatchObject({ ok: false, error: { code: "INTERNAL" } });
      const logged = spy.mock.calls.map((args) => format(...args)).join("\n");
      expect(logged).toContain("23505");
      for (const secret of ["Zelda", "zelda@example.com", "allergic"]) expect(logged).not.toContain(secret);
    } finally {
      spy.mockRestore();
    }
  });
});
