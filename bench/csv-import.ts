// Customer CSV import at 10,000 rows: parse + validate + dry-run preview, and the all-or-nothing import
// (creates; then the same file again = all unchanged; then every row's phone changed = updates), each
// against baselines measured in the same run: a bare papaparse parse of the same text; a bare
// multi-row INSERT of the same rows (chunks of 1,000, one transaction); one bare INSERT … FROM
// unnest(arrays), the floor of the statement the import uses. What the import adds on top: header
// mapping, zod per row, the email lookup, the plan and its digest, tags, one audit entry per customer.
// Run: npx tsx --conditions=react-server bench/csv-import.ts [rows=10000] [runs=5]
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import Papa from "papaparse";
import { customers, users } from "@/db/schema";
import { createCodeVault } from "@/lib/access/codes/code-vault";
import type { AccessContext } from "@/lib/access/context";
import { importCustomers, previewCustomerImport } from "@/lib/access/customers/import-customers";
import type { Actor } from "@/lib/auth/permissions";
import { benchDatabase } from "./db";
import { summary } from "./lib";

const ROWS = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 5);

/** A realistic file: BOM, semicolons, a quoted comma in every tenth name, some groups and credentials. */
function file(phoneSuffix: string) {
  const lines = ["\uFEFFName;E-Mail;Telefon;Gruppe;Zugang"];
  for (let i = 0; i < ROWS; i++) {
    const name = i % 10 === 0 ? `"Adler, Anna ${i}"` : `Person ${i}`;
    lines.push(
      `${name};person.${i}@example.com;+49 30 ${i}${phoneSuffix};Studio ${i % 40};${i % 3 ? "keypad" : "app"}`,
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

const time = async <T>(f: () => Promise<T> | T): Promise<[number, T]> => {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r];
};

async function main() {
  const db = await benchDatabase();
  try {
    const [staff] = await db.db
      .insert(users)
      .values({ email: "desk@example.com", name: "Desk", role: "staff" })
      .returning();
    const actor: Actor = { id: staff!.id, role: "staff", label: "Desk", customerId: null };
    const ctx: AccessContext = { db: db.db, vault: createCodeVault(randomBytes(32)), now: Date.now, wake: () => {} };
    const text = file("");
    const changed = file("9");
    const m = {
      parse: [] as number[],
      preview: [] as number[],
      insert: [] as number[],
      unnest: [] as number[],
      create: [] as number[],
    };
    const again: number[] = [];
    const update: number[] = [];
    console.log(`${ROWS} rows, ${(text.length / 1024 / 1024).toFixed(2)} MB, ${RUNS} runs`);
    for (let run = 0; run < RUNS; run++) {
      // Baselines: papaparse alone; one bare multi-row INSERT of the same rows, rolled back by a delete.
      m.parse.push((await time(() => Papa.parse(text, { skipEmptyLines: "greedy" })))[0]);
      const rows = Array.from({ length: ROWS }, (_, i) => ({
        name: `Person ${i}`,
        email: `person.${i}@example.com`,
        phone: `+49 30 ${i}`,
        groupName: `Studio ${i % 40}`,
        preferredCredential: (i % 3 ? "keypad" : "app") as "keypad" | "app",
        // Distinct tags given, as the import gives its own (the column default collides at this scale).
        tag: `b${i.toString(36).padStart(5, "0")}`,
      }));
      m.insert.push(
        (
          await time(() =>
            db.db.transaction(async (tx) => {
              for (let i = 0; i < rows.length; i += 1000) await tx.insert(customers).values(rows.slice(i, i + 1000));
            }),
          )
        )[0],
      );
      await db.db.delete(customers);
      // The floor for one-statement bulk writes (what the import uses): INSERT … SELECT FROM unnest(arrays).
      const col = <T>(f: (r: (typeof rows)[number]) => T) => sql.param(rows.map(f));
      m.unnest.push(
        (
          await time(() =>
            db.db.execute(sql`insert into ${customers} (name, email, phone, group_name, preferred_credential, tag)
              select * from unnest(${col((r) => r.name)}::text[], ${col((r) => r.email)}::text[], ${col((r) => r.phone)}::text[],
                ${col((r) => r.groupName)}::text[], ${col((r) => r.preferredCredential)}::credential_kind[], ${col((r) => r.tag)}::text[])`),
          )
        )[0],
      );
      await db.db.delete(customers);

      const [previewMs, preview] = await time(() => previewCustomerImport(ctx, actor, text));
      if (preview.totals.create !== ROWS) throw new Error(`preview: ${JSON.stringify(preview.totals)}`);
      m.preview.push(previewMs);
      const [createMs, created] = await time(() => importCustomers(ctx, actor, { text, digest: preview.digest }));
      if (created.created !== ROWS) throw new Error(`import: ${JSON.stringify(created)}`);
      m.create.push(createMs);
      // The same file again: preview + import, nothing to write (idempotent).
      again.push(
        (
          await time(async () => {
            const p = await previewCustomerImport(ctx, actor, text);
            const r = await importCustomers(ctx, actor, { text, digest: p.digest });
            if (r.unchanged !== ROWS) throw new Error(`again: ${JSON.stringify(r)}`);
          })
        )[0],
      );
      if (run === 0)
        // Every row updated goes through the customer edit path one by one (it must, for credential
        // changes): measured once, it is the slow case.
        update.push(
          (
            await time(async () => {
              const p = await previewCustomerImport(ctx, actor, changed);
              const r = await importCustomers(ctx, actor, { text: changed, digest: p.digest });
              if (r.updated !== ROWS) throw new Error(`update: ${JSON.stringify(r)}`);
            })
          )[0],
        );
      await db.db.delete(customers);
    }
    summary("baseline: papaparse parse", m.parse);
    summary("parse + validate + preview (dry run)", m.preview, m.parse);
    summary("baseline: bare multi-row INSERT", m.insert);
    summary("baseline: bare INSERT … FROM unnest", m.unnest);
    summary("import, all new (tx, audit per customer)", m.create, m.insert);
    summary("  the same against the unnest floor", m.create, m.unnest);
    summary("preview + import of the same file again", again, m.insert);
    summary("preview + import, every row updated", update, m.insert);
    const total = m.preview.map((p, i) => p + m.create[i]!);
    summary(`preview + import of ${ROWS} new customers`, total, m.insert);
  } finally {
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
