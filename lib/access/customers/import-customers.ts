import "server-only";
import { createHash } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { appendAudit, appendAuditMany } from "@/db/queries/audit";
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

const CHUNK = 1000; // rows per statement: well under Postgres's 65,535 parameters with every column bound

async function existingByEmail(db: DbOrTx, emails: string[], forUpdate: boolean) {
  const found = new Map<string, Existing>();
  for (let i = 0; i < emails.length; i += CHUNK) {
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
      .where(inArray(sql<string>`lower(${customers.email})`, emails.slice(i, i + CHUNK)));
    for (const row of await (forUpdate ? q.for("update") : q)) found.set(row.email.toLowerCase(), row);
  }
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

      const created: { id: string; name: string; groupName: string | null; preferredCredential: string }[] = [];
      for (let i = 0; i < creates.length; i += CHUNK)
        created.push(
          ...(await tx
            .insert(customers)
            .values(creates.slice(i, i + CHUNK))
            .returning({
              id: customers.id,
              name: customers.name,
              groupName: customers.groupName,
              preferredCredential: customers.preferredCredential,
            })),
        );
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
      for (const { existing, target } of updates)
        await updateCustomerInTx(tx, ctx, actor, {
          customerId: existing.id,
          expectedVersion: existing.version,
          name: target.name,
          email: target.email,
          phone: target.phone ?? undefined,
          groupName: target.groupName ?? undefined,
          preferredCredential: target.preferredCredential,
        });
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
