import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { auditLog, customers, outbox, users } from "@/db/schema";
import { revealCodes } from "@/lib/access/codes/reveal-codes";
import { updateCustomer } from "@/lib/access/customers/save-customer";
import { createWindow } from "@/lib/access/windows/create-window";
import { authorizeLink } from "@/lib/auth/authorize";
import { requestLoginLink } from "@/lib/auth/login-links";
import type { Actor } from "@/lib/auth/permissions";
import { checkSessionToken } from "@/lib/auth/session-token";
import { createEngine, hoursFromNow, type Engine } from "./engine";

/**
 * Issue 14 #2, the attack as reported: the front desk points a customer's email at a mailbox it
 * controls, asks for a portal link, signs in and reads the customer's keypad codes.
 */
let e: Engine;
let customerId: string;
beforeAll(async () => {
  e = await createEngine({ doors: 1, customers: 1, credential: "keypad" });
  customerId = e.customerIds[0]!;
  await createWindow(e, e.actor, {
    customerId,
    doorId: e.doorIds[0]!,
    window: { kind: "once", startsAt: hoursFromNow(e, 1), endsAt: hoursFromNow(e, 2) },
  });
});
afterAll(async () => e?.close());

const version = async () => (await e.db.select().from(customers).where(eq(customers.id, customerId)))[0]!.version;
const setEmail = async (email: string) =>
  updateCustomer(e, e.actor, {
    customerId,
    expectedVersion: await version(),
    name: "Customer 0",
    email,
    preferredCredential: "keypad",
  });
const linkTokenFor = async (to: string) => {
  await requestLoginLink(e.db, { email: to, ip: "10.0.0.1", baseUrl: "http://x" });
  const [mail] = await e.db.select().from(outbox).where(eq(outbox.to, to)).orderBy(desc(outbox.createdAt)).limit(1);
  return /token=([A-Za-z0-9_-]+)/.exec(mail!.body)![1]!;
};
const signInByLink = async (token: string) => (await authorizeLink(e.db, { token }, "10.0.0.1")).user;
const tokenOf = (u: { id: string; sessionVersion: number }) => ({
  uid: u.id,
  sv: u.sessionVersion,
  authAt: Date.now(),
});

describe("portal sign-ins are bound to the customer and its current email", () => {
  it("ends the hijacker's session when the email is changed back, and audits every step", async () => {
    const oldLink = await linkTokenFor("c0@example.com");
    await setEmail("desk-controlled@evil.test");
    // A link sent to the old address before the change no longer signs anyone in.
    expect(await signInByLink(oldLink)).toBeNull();

    const hijacker = await signInByLink(await linkTokenFor("desk-controlled@evil.test"));
    expect(hijacker).toMatchObject({ role: "customer", customerId });
    const actor: Actor = { id: hijacker!.id, role: "customer", label: "x", customerId };
    await revealCodes(e, actor, customerId);
    // The reveal through the portal is on the record, with who did it.
    const [reveal] = await e.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "code.reveal"), eq(auditLog.actorId, hijacker!.id)));
    expect(reveal).toMatchObject({ entityId: customerId });

    const session = tokenOf(hijacker!);
    expect(await checkSessionToken(e.db, { ...session })).not.toBeNull();
    await setEmail("c0@example.com");
    expect(await checkSessionToken(e.db, { ...session })).toBeNull();

    const changes = await e.db.select().from(auditLog).where(eq(auditLog.action, "customer.email_change"));
    expect(changes.map((c) => [c.before, c.after])).toEqual([
      [{ email: "c0@example.com" }, { email: "desk-controlled@evil.test" }],
      [{ email: "desk-controlled@evil.test" }, { email: "c0@example.com" }],
    ]);
  });

  it("a sign-in row left for an old address stays dead even if its session version were current", async () => {
    const [stale] = await e.db.select().from(users).where(eq(users.email, "desk-controlled@evil.test"));
    expect(await checkSessionToken(e.db, tokenOf(stale!))).toBeNull();
    // And that address is nobody's now: asking for a link there sends nothing.
    const before = (await e.db.select().from(outbox)).length;
    await requestLoginLink(e.db, { email: "desk-controlled@evil.test", ip: "10.0.0.1", baseUrl: "http://x" });
    expect((await e.db.select().from(outbox)).length).toBe(before);
  });

  it("the real customer signs in on the current address", async () => {
    const user = await signInByLink(await linkTokenFor("c0@example.com"));
    expect(user).toMatchObject({ customerId });
    expect(await checkSessionToken(e.db, tokenOf(user!))).not.toBeNull();
  });

  it("an address that moved to another customer signs in to that customer, not the old one", async () => {
    const [other] = await e.db
      .insert(customers)
      .values({ name: "Other", email: "other@example.com" })
      .returning({ id: customers.id });
    await setEmail("c0-new@example.com");
    await e.db.update(customers).set({ email: "c0@example.com" }).where(eq(customers.id, other!.id));
    const user = await signInByLink(await linkTokenFor("c0@example.com"));
    expect(user).toMatchObject({ customerId: other!.id });
  });
});

describe("sign-in link mails do not keep the token in clear (issue 14, Low)", () => {
  it("removes the link from the outbox once used", async () => {
    const token = await linkTokenFor("c0-new@example.com");
    expect(await signInByLink(token)).not.toBeNull();
    const bodies = (await e.db.select().from(outbox)).map((m) => m.body).join("\n");
    expect(bodies).not.toContain(token);
  });
});
