import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { appendAudit, appendAuditMany } from "@/db/queries/audit";
import { withFreeTags } from "@/db/queries/customer-tags";
import { customers } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type {
  ImportChange,
  ImportField,
  ImportPreview,
  ImportResult,
  ImportRowPlan,
} from "@/lib/model/customer-import";
import type { AccessContext } from "../context";
import { type ImportRowInput, type ParsedFile, parseCustomerCsv } from "./csv-parse";
import { updateCustomerInTx } from "./save-customer";

type Existing = {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  groupName: string | null;
  preferredCredential: "app" | "keypad";
  version: number;
};
type Target = Omit<Existing, "id" | "version">;
type Plan = {
  preview: ImportPreview;
  creates: Target[];
  updates: { existing: Existing; target: Target }[];
};

// Lists of emails and tags go to Postgres as one array parameter each (= any($1)): one statement
// however long the file, never near the 65,535-parameter limit.
async function existingByEmail(db: DbOrTx, emails: string[], forUpdate: boolean) {
  const found = new Map<string, Existing>();
  if (emails.length === 0) return found;
  const q = db
    .select({
      id: customers.id,
      name: customers.name,
      email: customers.email,
      phone: customers.phone,
      groupName: customers.groupName,
      preferredCredential: customers.preferredCredential,
      version: customers.version,
    })
    .from(customers)
    // Emails are stored lower-case by the form's schema; lower() also matches rows written otherwise.
    .where(sql`lower(${customers.email}) = any(${sql.param(emails)}::text[])`);
  for (const row of await (forUpdate ? q.for("update") : q)) found.set(row.email.toLowerCase(), row);
  return found;
}

/** What a row asks for: fields the file has no column for keep the customer's current value. */
function targetOf(input: ImportRowInput, present: ParsedFile["present"], existing?: Existing): Target {
  const keep = <K extends keyof Target>(field: K & ImportField, value: Target[K]): Target[K] =>
    existing && !present.has(field) ? existing[field] : value;
  return {
    name: input.name,
    // Same address in another case is the same mailbox: keep the stored spelling.
    email: existing?.email ?? input.email,
    phone: keep("phone", input.phone || null),
    groupName: keep("groupName", input.groupName || null),
    preferredCredential: input.preferredCredential ?? existing?.preferredCredential ?? "keypad",
  };
}

const FIELDS: ImportField[] = ["name", "email", "phone", "groupName", "preferredCredential"];

async function planImport(db: DbOrTx, text: string, forUpdate: boolean): Promise<Plan> {
  const parsed = parseCustomerCsv(text);
  const valid = parsed.rows.filter((r) => r.input);
  const existing = await existingByEmail(
    db,
    valid.map((r) => r.input!.email),
    forUpdate,
  );
  const creates: Plan["creates"] = [];
  const updates: Plan["updates"] = [];
  const rows: ImportRowPlan[] = parsed.rows.map((r) => {
    const base = { row: r.row, name: r.name, email: r.email };
    if (!r.input) return { ...base, action: "error", errors: r.errors };
    const current = existing.get(r.input.email);
    const target = targetOf(r.input, parsed.present, current);
    if (!current) {
      creates.push(target);
      return { ...base, action: "create" };
    }
    const changes: ImportChange[] = FIELDS.filter((f) => current[f] !== target[f]).map((f) => ({
      field: f,
      from: current[f],
      to: target[f],
    }));
    if (changes.length === 0) return { ...base, action: "unchanged" };
    updates.push({ existing: current, target });
    return { ...base, action: "update", changes };
  });
  const count = (a: ImportRowPlan["action"]) => rows.filter((r) => r.action === a).length;
  const totals = {
    rows: rows.length,
    create: count("create"),
    update: count("update"),
    unchanged: count("unchanged"),
    error: count("error"),
  };
  // The versions of matched customers are part of the fingerprint: any edit after the preview changes it.
  const digest = createHash("sha256")
    .update(JSON.stringify({ fileErrors: parsed.fileErrors, rows }))
    .update(JSON.stringify([...existing.values()].map((e) => [e.id, e.version])))
    .digest("hex");
  return { preview: { fileErrors: parsed.fileErrors, notes: parsed.notes, rows, totals, digest }, creates, updates };
}

/**
 * Phone and group of many customers in one UPDATE … FROM unnest(arrays), version-fenced like
 * every edit (the rows are locked since the plan, so a miss means a bug, and rolls everything back),
 * with one customer.update audit entry each.
 */
async function updateFieldsOnly(tx: Tx, ctx: AccessContext, actor: Actor, updates: Plan["updates"]) {
  if (updates.length) {
    const col = <T>(f: (u: Plan["updates"][number]) => T) => sql.param(updates.map(f));
    const result = await tx.execute(sql`
      update ${customers} as c
      set phone = v.phone, group_name = v.group_name, version = c.version + 1, updated_at = ${new Date(ctx.now())}
      from unnest(${col((u) => u.existing.id)}::uuid[], ${col((u) => u.target.phone)}::text[],
        ${col((u) => u.target.groupName)}::text[], ${col((u) => u.existing.version)}::int[]) as v(id, phone, group_name, version)
      where c.id = v.id and c.version = v.version`);
    if (result.rowCount !== updates.length)
      throw new AppError("CONFLICT", "Customers changed during the import; preview again. Nothing was imported.");
  }
  const facts = (c: Target) => ({
    name: c.name,
    email: c.email,
    phone: c.phone,
    groupName: c.groupName,
    preferredCredential: c.preferredCredential,
  });
  await appendAuditMany(
    tx,
    updates.map(({ existing, target }) => ({
      actor,
      action: "customer.update",
      entityType: "customer",
      entityId: existing.id,
      before: facts(existing),
      after: facts(target),
    })),
  );
}

/** The dry run: what importing this file would do, row by row. Writes nothing. */
export async function previewCustomerImport(ctx: AccessContext, actor: Actor, text: string): Promise<ImportPreview> {
  assertCan(actor, "customers.write");
  return (await planImport(ctx.db, text, false)).preview;
}

const isUniqueViolation = (e: unknown) =>
  (e as { cause?: { code?: string } })?.cause?.code === "23505" || (e as { code?: string })?.code === "23505";

/**
 * Imports the file the preview showed, in one transaction: every row is created or updated, or —
 * on any row error, a changed database since the preview (`digest`), or any failure — nothing is.
 * Matched by email, case-insensitively, so importing the same file twice updates instead of duplicating.
 * Name and credential changes go through the customer edit path (updateCustomerInTx), which moves the
 * customer's doors to the new credential and writes its usual audit entry.
 */
export async function importCustomers(
  ctx: AccessContext,
  actor: Actor,
  params: { text: string; digest: string },
): Promise<ImportResult> {
  assertCan(actor, "customers.write");
  try {
    const result = await ctx.db.transaction(async (tx: Tx) => {
      const { preview, creates, updates } = await planImport(tx, params.text, true);
      if (preview.fileErrors.length || preview.totals.error > 0)
        throw new AppError(
          "INVALID_INPUT",
          preview.fileErrors[0] ??
            `${preview.totals.error} ${preview.totals.error === 1 ? "row has a problem" : "rows have problems"}; nothing was imported.`,
          { details: { preview } },
        );
      if (preview.digest !== params.digest)
        throw new AppError(
          "CONFLICT",
          "Customers changed since this preview; check the new preview and import again. Nothing was imported.",
          { details: { preview } },
        );

      // One INSERT … SELECT FROM unnest(arrays) for every new customer: ~8× faster than multi-row
      // VALUES at 10,000 rows (bench/csv-import.ts), and no parameter-count limit to chunk around.
      // Tags from the shared allocator: free ones, drawn again should a concurrent insert take one.
      const col = <T>(f: (c: Target, i: number) => T) => sql.param(creates.map(f));
      const inserted = creates.length
        ? await withFreeTags(tx, creates.length, (sp, tags) =>
            sp.execute<{ id: string; name: string; group_name: string | null; preferred_credential: string }>(sql`
            insert into ${customers} (name, email, phone, group_name, preferred_credential, tag)
            select * from unnest(${col((c) => c.name)}::text[], ${col((c) => c.email)}::text[],
              ${col((c) => c.phone)}::text[], ${col((c) => c.groupName)}::text[],
              ${col((c) => c.preferredCredential)}::credential_kind[], ${sql.param(tags)}::text[])
            returning id, name, group_name, preferred_credential`),
          )
        : { rows: [] };
      const created = inserted.rows.map((r) => ({
        id: r.id,
        name: r.name,
        groupName: r.group_name,
        preferredCredential: r.preferred_credential,
      }));
      // One entry per new customer, the same as the New-customer form writes (the audit page reads
      // each on its own line); the import itself gets one summarising entry below.
      await appendAuditMany(
        tx,
        created.map((row) => ({
          actor,
          action: "customer.create",
          entityType: "customer",
          entityId: row.id,
          after: { name: row.name, groupName: row.groupName, preferredCredential: row.preferredCredential },
        })),
      );
      // A new name or credential reaches the locks (auth names, keypad ↔ app): the customer edit path
      // does that, one customer at a time. Phone and group changes touch no lock: one statement per chunk.
      const throughEditPath = updates.filter(
        (u) => u.target.name !== u.existing.name || u.target.preferredCredential !== u.existing.preferredCredential,
      );
      const fieldsOnly = updates.filter((u) => !throughEditPath.includes(u));
      for (const { existing, target } of throughEditPath)
        await updateCustomerInTx(tx, ctx, actor, {
          customerId: existing.id,
          expectedVersion: existing.version,
          name: target.name,
          email: target.email,
          phone: target.phone ?? undefined,
          groupName: target.groupName ?? undefined,
          preferredCredential: target.preferredCredential,
        });
      await updateFieldsOnly(tx, ctx, actor, fieldsOnly);
      const counts = { created: created.length, updated: updates.length, unchanged: preview.totals.unchanged };
      await appendAudit(tx, {
        actor,
        action: "customer.import",
        entityType: "customer_import",
        entityId: preview.digest.slice(0, 16),
        after: { ...counts, rows: preview.totals.rows },
      });
      return counts;
    });
    if (result.updated > 0) ctx.wake();
    return result;
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError(
        "CONFLICT",
        "A customer in this file was added meanwhile; preview again. Nothing was imported.",
      );
    throw e;
  }
}
