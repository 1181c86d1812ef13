import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { freeTags, withFreeTags } from "@/db/queries/customer-tags";
import { customers } from "@/db/schema";
import { createEngine, type Engine } from "@/test/engine";
import { tagOf } from "../grants/auth-name";
import { importCustomers, previewCustomerImport } from "./import-customers";
import { createCustomer } from "./save-customer";

let e: Engine;
afterEach(async () => e?.close());

const tagOfEmail = async (email: string) =>
  (await e.db.select({ tag: customers.tag }).from(customers).where(eq(customers.email, email)))[0]?.tag;

describe("customer tags: one allocator, no collisions", () => {
  it("the form and the CSV import never take the column's default (it collided ~3 per 10,000)", async () => {
    e = await createEngine({ customers: 1, doors: 1 });
    // The worst a random default can do, every time: hand out a tag a customer already holds.
    await e.db.execute(sql`update customers set tag = 'clash1'`);
    await e.db.execute(sql`alter table customers alter column tag set default 'clash1'`);

    const made = await createCustomer(e, e.actor, {
      name: "Zoe Zimmer",
      email: "zoe@example.com",
      preferredCredential: "keypad",
    });
    expect(made.tag).not.toBe("clash1");
    expect(made.tag).toMatch(/^[0-9a-z]{6}$/);
    // What the reconciler reads back out of an auth name matches.
    expect(tagOf(`Zoe Zimmer #${made.tag}`)).toBe(made.tag);

    const text = "name,email\nAda,ada@example.com\nBob,bob@example.com\n";
    await importCustomers(e, e.actor, { text, digest: (await previewCustomerImport(e, e.actor, text)).digest });
    const imported = [await tagOfEmail("ada@example.com"), await tagOfEmail("bob@example.com")];
    expect(imported).not.toContain("clash1");
    expect(new Set(imported).size).toBe(2);
  });

  it("draws again when a concurrent insert took the tag between the look and the insert", async () => {
    e = await createEngine({ customers: 1, doors: 1 });
    const draws = ["aaaaaa", "aaaaaa", "bbbbbb"];
    const draw = () => draws.shift() ?? "cccccc";
    let attempts = 0;
    const [row] = await withFreeTags(
      e.db,
      1,
      async (sp, [tag]) => {
        attempts++;
        // Another connection commits the same tag first (autocommit, outside this transaction).
        if (attempts === 1)
          await e.db.execute(sql`insert into customers (name, email, tag) values ('Other', 'o@example.com', 'aaaaaa')`);
        return sp.insert(customers).values({ name: "Mine", email: "m@example.com", tag: tag! }).returning();
      },
      draw,
    );
    expect(attempts).toBe(2);
    expect(row!.tag).toBe("bbbbbb");
  });

  it("hands out n distinct tags nobody holds, skipping taken ones", async () => {
    e = await createEngine({ customers: 1, doors: 1 });
    await e.db.execute(sql`insert into customers (name, email, tag) values ('Held', 'h@example.com', 'aaaaaa')`);
    const draws = ["aaaaaa", "bbbbbb", "bbbbbb", "cccccc"];
    expect(await freeTags(e.db, 2, () => draws.shift() ?? "dddddd")).toEqual(["bbbbbb", "cccccc"]);
  });

  it("an email clash is still reported as the email, not retried as a tag", async () => {
    e = await createEngine({ customers: 1, doors: 1 });
    const [c] = await e.db.select().from(customers);
    await expect(
      createCustomer(e, e.actor, { name: "Again", email: c!.email, preferredCredential: "keypad" }),
    ).rejects.toMatchObject({ code: "CONFLICT", userMessage: "A customer with this email address already exists." });
  });
});
