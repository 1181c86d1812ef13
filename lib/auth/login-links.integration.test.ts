import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, outbox } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { consumeLoginLink, LINK_TTL_MS, MAX_LINKS_PER_WINDOW, requestLoginLink } from "./login-links";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.insert(customers).values({ name: "Ida Iske", email: "ida@example.com" });
});
afterAll(async () => t.drop());

const mails = () => t.db.select().from(outbox);
const tokenOf = (body: string) => /token=([A-Za-z0-9_-]+)/.exec(body)![1]!;

describe("customer sign-in links", () => {
  it("answers an unknown address exactly like a known one, and sends nothing", async () => {
    await expect(
      requestLoginLink(t.db, { email: "nobody@example.com", ip: "1.2.3.4", baseUrl: "http://x" }),
    ).resolves.toBeUndefined();
    expect(await mails()).toHaveLength(0);
  });

  it("mails a link that works once", async () => {
    await requestLoginLink(t.db, { email: "IDA@example.com ", ip: "1.2.3.4", baseUrl: "http://portier.test" });
    const [mail] = await mails();
    expect(mail).toMatchObject({ to: "ida@example.com", kind: "login-link" });
    const token = tokenOf(mail!.body);
    expect(await consumeLoginLink(t.db, token)).toMatch(/^[0-9a-f-]{36}$/);
    expect(await consumeLoginLink(t.db, token)).toBeNull();
  });

  it("expires, and refuses garbage", async () => {
    const now = Date.now();
    await requestLoginLink(t.db, { email: "ida@example.com", ip: "1.2.3.4", baseUrl: "http://x", now });
    const latest = (await mails()).at(-1)!;
    expect(await consumeLoginLink(t.db, tokenOf(latest.body), now + LINK_TTL_MS + 1)).toBeNull();
    expect(await consumeLoginLink(t.db, "'; drop table users; --")).toBeNull();
  });

  it("cannot be used to flood an inbox", async () => {
    const before = (await mails()).length;
    for (let i = 0; i < 10; i++)
      await requestLoginLink(t.db, { email: "ida@example.com", ip: "1.2.3.4", baseUrl: "http://x" });
    expect((await mails()).length - before).toBeLessThanOrEqual(5);
  });
});

describe("link-request limit under concurrency (issue 14, Low)", () => {
  it("25 requests at once still make at most the limit", async () => {
    await t.db.insert(customers).values({ name: "Race Rita", email: "rita@example.com" });
    await requestLoginLink(t.db, { email: "rita@example.com", ip: "1.2.3.4", baseUrl: "http://x" });
    await Promise.all(
      Array.from({ length: 24 }, () =>
        requestLoginLink(t.db, { email: "rita@example.com", ip: "1.2.3.4", baseUrl: "http://x" }),
      ),
    );
    const sent = (await mails()).filter((m) => m.to === "rita@example.com");
    expect(sent).toHaveLength(MAX_LINKS_PER_WINDOW);
  });
});
