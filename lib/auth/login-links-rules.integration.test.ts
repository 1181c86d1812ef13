import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { customers, loginLinks, outbox, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { consumeLoginLink, requestLoginLink } from "./login-links";

/** Who may get and use a customer sign-in link: an enabled customer sign-in, nobody else. */
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let custId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const [c] = await t.db
    .insert(customers)
    .values([
      { name: "Rita Rule", email: "rita@example.com" },
      { name: "Dora Disabled", email: "dora@example.com" },
      { name: "Sam Staffer", email: "sam@example.com" },
    ])
    .returning();
  custId = c!.id;
  await t.db.insert(users).values([
    { email: "dora@example.com", name: "Dora", role: "customer", disabled: true },
    // A staff member whose address is also a customer's: the customer link must not sign them in as staff.
    { email: "sam@example.com", name: "Sam", role: "staff" },
  ]);
});
afterAll(async () => t.drop());

const mailsTo = async (to: string) => t.db.select().from(outbox).where(eq(outbox.to, to));
const request = (email: string) => requestLoginLink(t.db, { email, ip: "1.2.3.4", baseUrl: "https://portier.test" });
const tokenOf = (body: string) => /token=([A-Za-z0-9_-]+)/.exec(body)![1]!;

/** A link row for `userId` made directly (as an older release or a race might have left it). */
async function linkFor(userId: string) {
  const token = `${"t".repeat(30)}${userId.slice(0, 8)}`;
  await t.db.insert(loginLinks).values({
    tokenHash: createHash("sha256").update(token).digest("hex"),
    userId,
    expiresAt: new Date(Date.now() + 60_000),
    requestedIp: "1.2.3.4",
  });
  return token;
}

describe("sign-in link rules", () => {
  it("mails an existing customer sign-in again and again (up to the limit), as a link into the portal", async () => {
    await request("rita@example.com");
    await request("rita@example.com");
    const mails = await mailsTo("rita@example.com");
    expect(mails).toHaveLength(2);
    expect(mails[0]).toMatchObject({ kind: "login-link", subject: "Your Portier sign-in link" });
    expect(mails[0]!.body).toContain("Hello Rita Rule,");
    expect(mails[0]!.body).toMatch(/https:\/\/portier\.test\/portal\/link\?token=[A-Za-z0-9_-]{43}\n/);
    const [user] = await t.db.select().from(users).where(eq(users.email, "rita@example.com"));
    expect(user).toMatchObject({ role: "customer", customerId: custId, name: "Rita Rule" });
    expect(await consumeLoginLink(t.db, tokenOf(mails[1]!.body))).toBe(user!.id);
  });

  it("sends nothing to a disabled customer sign-in or to an address that belongs to staff", async () => {
    await request("dora@example.com");
    await request("sam@example.com");
    expect(await mailsTo("dora@example.com")).toHaveLength(0);
    expect(await mailsTo("sam@example.com")).toHaveLength(0);
    expect(await t.db.select().from(loginLinks)).toHaveLength(2); // only Rita's two
  });

  it("a link never signs in a disabled user or a staff account, even when one exists for them", async () => {
    const [dora] = await t.db.select().from(users).where(eq(users.email, "dora@example.com"));
    const [sam] = await t.db.select().from(users).where(eq(users.email, "sam@example.com"));
    expect(await consumeLoginLink(t.db, await linkFor(dora!.id))).toBeNull();
    expect(await consumeLoginLink(t.db, await linkFor(sam!.id))).toBeNull();
  });

  it("refuses tokens of the wrong shape before looking them up", async () => {
    for (const bad of ["", "short", "x".repeat(101), `${"a".repeat(30)} `, `${"a".repeat(30)}=`])
      expect(await consumeLoginLink(t.db, bad)).toBeNull();
  });
});
