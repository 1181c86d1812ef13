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
