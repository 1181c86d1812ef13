import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { updateUser } from "./manage-users";
import type { Actor } from "./permissions";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: Actor;
let deskId: string, customerUserId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const rows = await t.db
    .insert(users)
    .values([
      { email: "a@x.test", name: "Admin", role: "admin" },
      { email: "d@x.test", name: "Desk", role: "staff" },
      { email: "c@x.test", name: "Cust", role: "customer" },
    ])
    .returning();
  admin = { id: rows[0]!.id, role: "admin", label: "Admin", customerId: null };
  deskId = rows[1]!.id;
  customerUserId = rows[2]!.id;
});
afterAll(async () => t.drop());

describe("user management", () => {
  it("disables a user, ending their sessions (session version bumped), and audits it", async () => {
    await updateUser(t.db, admin, { userId: deskId, disabled: true });
    const [desk] = await t.db.select().from(users).where(eq(users.id, deskId));
    expect(desk).toMatchObject({ disabled: true, sessionVersion: 2 });
    expect((await t.db.select().from(auditLog)).at(-1)).toMatchObject({
      action: "user.update",
      before: { disabled: false },
      after: { disabled: true },
    });
  });
  it("refuses self-changes, customer promotion and non-admins", async () => {
    await expect(updateUser(t.db, admin, { userId: admin.id, disabled: true })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    await expect(updateUser(t.db, admin, { userId: customerUserId, role: "admin" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    await expect(
      updateUser(t.db, { ...admin, role: "manager" }, { userId: deskId, disabled: false }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("setting a password", () => {
  it("applies the rules, hashes at today's cost, ends the user's sessions and audits without the secret", async () => {
    const { setUserPassword } = await import("./manage-users");
    await expect(setUserPassword(t.db, admin, { userId: deskId, password: "password1234" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    const [before] = await t.db.select().from(users).where(eq(users.id, deskId));
    await setUserPassword(t.db, admin, { userId: deskId, password: "a calm lake at dawn" });
    const [after] = await t.db.select().from(users).where(eq(users.id, deskId));
    expect(after!.passwordHash).toMatch(/^scrypt\$131072\$/);
    expect(after!.sessionVersion).toBe(before!.sessionVersion + 1);
    const last = (await t.db.select().from(auditLog)).at(-1)!;
    expect(last).toMatchObject({ action: "user.password", before: null, after: null });
    await expect(
      setUserPassword(t.db, { ...admin, role: "manager" }, { userId: deskId, password: "a calm lake at dawn" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
