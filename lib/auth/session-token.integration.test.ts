import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { checkSessionToken, revokeSessions, SESSION_ABSOLUTE_MS } from "./session-token";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let uid: string;
beforeAll(async () => {
  t = await createTestDatabase();
  [{ id: uid }] = (await t.db
    .insert(users)
    .values({ email: "s@x.test", name: "S", role: "staff" })
    .returning({ id: users.id })) as [{ id: string }];
});
afterAll(async () => t.drop());

const NOW = Date.UTC(2026, 10, 29, 12);
const token = (authAt: number | undefined, sv = 1) => ({ uid, sv, authAt });

describe("session lifetime and revocation (issue 14 #6)", () => {
  it("keeps a session that is in use, until the absolute limit since sign-in, however active", async () => {
    expect(await checkSessionToken(t.db, token(NOW - 60_000), NOW)).toMatchObject({ role: "staff" });
    expect(await checkSessionToken(t.db, token(NOW - SESSION_ABSOLUTE_MS + 1000), NOW)).not.toBeNull();
    expect(await checkSessionToken(t.db, token(NOW - SESSION_ABSOLUTE_MS - 1000), NOW)).toBeNull();
  });
  it("refuses tokens without a sign-in time (older builds) and from the future", async () => {
    expect(await checkSessionToken(t.db, token(undefined), NOW)).toBeNull();
    expect(await checkSessionToken(t.db, token(NOW + 3_600_000), NOW)).toBeNull();
  });
  it("revoking bumps the version: every outstanding token of the user dies", async () => {
    await revokeSessions(t.db, uid);
    const [row] = await t.db.select().from(users).where(eq(users.id, uid));
    expect(row!.sessionVersion).toBe(2);
    expect(await checkSessionToken(t.db, token(NOW - 60_000, 1), NOW)).toBeNull();
    expect(await checkSessionToken(t.db, token(NOW - 60_000, 2), NOW)).not.toBeNull();
  });
});
