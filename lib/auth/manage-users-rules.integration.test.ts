import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { listUsers, updateUser } from "./manage-users";
import type { Actor } from "./permissions";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: Actor;
let deskId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const rows = await t.db
    .insert(users)
    .values([
      { email: "a@x.test", name: "Admin", role: "admin", passwordHash: "scrypt$secret" },
      { email: "d@x.test", name: "Desk", role: "staff" },
      { email: "m@x.test", name: "Mona", role: "manager" },
    ])
    .returning();
  admin = { id: rows[0]!.id, role: "admin", label: "Admin", customerId: null };
  deskId = rows[1]!.id;
});
afterAll(async () => t.drop());

describe("user management rules", () => {
  it("lists users for admins only, by role then name, without password hashes", async () => {
    const list = await listUsers(t.db, admin);
    expect(list.map((u) => [u.role, u.name])).toEqual([
      ["admin", "Admin"],
      ["manager", "Mona"],
      ["staff", "Desk"],
    ]);
    expect(Object.keys(list[0]!).sort()).toEqual(["createdAt", "disabled", "email", "id", "invited", "name", "role"]);
    await expect(listUsers(t.db, { ...admin, role: "manager" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("changes a staff role (keeping the rest), audits before → after on the user", async () => {
    const after = await updateUser(t.db, admin, { userId: deskId, role: "manager" });
    expect(after).toEqual({ id: deskId, role: "manager", disabled: false });
    const again = await updateUser(t.db, admin, { userId: deskId, disabled: true });
    expect(again).toEqual({ id: deskId, role: "manager", disabled: true }); // role kept when not given
    const entries = await t.db.select().from(auditLog).where(eq(auditLog.entityId, deskId));
    expect(entries.map((x) => [x.entityType, x.before, x.after])).toEqual([
      ["user", { role: "staff", disabled: false }, { role: "manager", disabled: false }],
      ["user", { role: "manager", disabled: false }, { role: "manager", disabled: true }],
    ]);
    const [desk] = await t.db.select().from(users).where(eq(users.id, deskId));
    expect(desk!.sessionVersion).toBe(3);
  });

  it("explains every refusal in words", async () => {
    await expect(updateUser(t.db, admin, { userId: admin.id, disabled: true })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      userMessage: "You cannot change your own account here; ask another admin.",
    });
    await expect(
      updateUser(t.db, admin, { userId: "00000000-0000-4000-8000-000000000999", disabled: true }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", userMessage: "That user does not exist." });
    await expect(updateUser(t.db, admin, { userId: deskId, role: "customer" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      userMessage: "Only staff roles can be changed here.",
    });
  });
});
