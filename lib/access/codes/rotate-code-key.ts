import "server-only";
import { and, eq, isNotNull, not, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import { customers, doors, engineJobs, feeds, grants, nukiConnections, nukiWebhooks } from "@/db/schema";
import type { CodeVault } from "./code-vault";

export type RotationReport = {
  keyId: string;
  customers: number;
  grants: number;
  webhookSecrets: number;
  /** Booking feed URLs (they carry the channel's access token). */
  feedUrls: number;
  /** Nuki connections' API tokens and webhook secrets (issue #13). */
  connectionSecrets: number;
  /** Sealed values still under an old key (0 = done; the old key may then be dropped). */
  remaining: number;
  foreignFingerprintsCleared: number;
};

export type RotationOptions = {
  batchSize?: number;
  /** Called after each committed batch; a test throws here to interrupt the rotation halfway. */
  afterBatch?: (done: number) => void | Promise<void>;
};

const notCurrent = (column: typeof customers.keypadCodeEnc | typeof grants.codeEnc, keyId: string) =>
  and(isNotNull(column), not(sql`${column} like ${`v2:${keyId}:%`}`));

/** Sealed values not yet under the vault's current key. */
export async function countStale(db: Db, vault: CodeVault): Promise<number> {
  const [c] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(notCurrent(customers.keypadCodeEnc, vault.keyId));
  const [g] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(grants)
    .where(notCurrent(grants.codeEnc, vault.keyId));
  const [w] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(nukiWebhooks)
    .where(not(sql`${nukiWebhooks.secretEnc} like ${`v2:${vault.keyId}:%`}`));
  const [f] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(feeds)
    .where(not(sql`${feeds.urlEnc} like ${`v2:${vault.keyId}:%`}`));
  const stale = (v: string | null) => v != null && !vault.isCurrent(v);
  const conns = (await db.select().from(nukiConnections)).filter(
    (r) => stale(r.tokenEnc) || stale(r.webhookSecretEnc),
  ).length;
  return c!.n + g!.n + w!.n + f!.n + conns;
}

/**
 * Re-seals every sealed value under the vault's current key; `vault` must also hold the old
 * key(s). Work goes in batches, each one transaction: an interrupted run leaves every value
 * readable (under the old or the new key, named by its key id) and a second run carries on where
 * the first stopped; a value already under the new key is skipped, so nothing is sealed twice.
 *
 * The per-door code fingerprints (grants.code_hmac) are keyed by the same key, so a stolen old
 * key must not keep them guessable: each grant's fingerprint is recomputed from its code in the
 * same statement that re-seals it. Fingerprints of codes Portier does not own
 * (doors.foreign_code_hmacs) cannot be recomputed without the codes; they are cleared at the end
 * and the periodic resync is made due at once, which reads them from the locks again.
 */
export async function rotateCodeKey(db: Db, vault: CodeVault, o: RotationOptions = {}): Promise<RotationReport> {
  const batch = o.batchSize ?? 200;
  const report: RotationReport = {
    keyId: vault.keyId,
    customers: 0,
    grants: 0,
    webhookSecrets: 0,
    feedUrls: 0,
    connectionSecrets: 0,
    remaining: 0,
    foreignFingerprintsCleared: 0,
  };
  let batches = 0;
  const step = async (n: number) => {
    batches++;
    await o.afterBatch?.(batches);
    return n;
  };

  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = await tx
        .select({ id: customers.id, enc: customers.keypadCodeEnc })
        .from(customers)
        .where(notCurrent(customers.keypadCodeEnc, vault.keyId))
        .limit(batch)
        .for("update");
      for (const r of rows)
        await tx
          .update(customers)
          .set({ keypadCodeEnc: vault.encrypt(vault.decrypt(r.enc!)) })
          .where(eq(customers.id, r.id));
      return rows.length;
    });
    report.customers += n;
    if (n === 0) break;
    await step(n);
  }

  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = await tx
        .select({ id: grants.id, doorId: grants.doorId, enc: grants.codeEnc })
        .from(grants)
        .where(notCurrent(grants.codeEnc, vault.keyId))
        .limit(batch)
        .for("update");
      for (const r of rows) {
        const code = vault.decrypt(r.enc!);
        await tx
          .update(grants)
          .set({ codeEnc: vault.encrypt(code), codeHmac: vault.doorHmac(r.doorId, code) })
          .where(eq(grants.id, r.id));
      }
      return rows.length;
    });
    report.grants += n;
    if (n === 0) break;
    await step(n);
  }

  const hooks = await db.select().from(nukiWebhooks);
  for (const h of hooks.filter((h) => !vault.isCurrent(h.secretEnc))) {
    await db
      .update(nukiWebhooks)
      .set({ secretEnc: vault.sealText(vault.openText(h.secretEnc)) })
      .where(eq(nukiWebhooks.id, h.id));
    report.webhookSecrets++;
  }
  const feedRows = await db.select({ id: feeds.id, urlEnc: feeds.urlEnc }).from(feeds);
  for (const f of feedRows.filter((f) => !vault.isCurrent(f.urlEnc))) {
    await db
      .update(feeds)
      .set({ urlEnc: vault.sealText(vault.openText(f.urlEnc)) })
      .where(eq(feeds.id, f.id));
    report.feedUrls++;
  }

  // Each connection's token and webhook secret in one statement, so a row is never half re-sealed.
  const reseal = (v: string | null) => (v != null && !vault.isCurrent(v) ? vault.sealText(vault.openText(v)) : v);
  for (const c of await db.select().from(nukiConnections)) {
    const tokenEnc = reseal(c.tokenEnc);
    const webhookSecretEnc = reseal(c.webhookSecretEnc);
    if (tokenEnc === c.tokenEnc && webhookSecretEnc === c.webhookSecretEnc) continue;
    await db.update(nukiConnections).set({ tokenEnc, webhookSecretEnc }).where(eq(nukiConnections.id, c.id));
    report.connectionSecrets++;
  }

  report.remaining = await countStale(db, vault);
  // Finish once per key: a re-run after a finished rotation changes nothing and records nothing.
  const finished = await db.execute(
    sql`select 1 from audit_log where action = 'keys.rotate-code-key' and after->>'keyId' = ${vault.keyId} limit 1`,
  );
  if (report.remaining === 0 && finished.rows.length === 0) {
    await db.transaction(async (tx) => {
      const cleared = await tx
        .update(doors)
        .set({ foreignCodeHmacs: [] })
        .where(sql`jsonb_array_length(${doors.foreignCodeHmacs}) > 0`)
        .returning({ id: doors.id });
      report.foreignFingerprintsCleared = cleared.length;
      // The next reconciler pass resyncs (it reads every lock's foreign codes again).
      await tx
        .update(engineJobs)
        .set({ lastRunAt: new Date(0) })
        .where(sql`${engineJobs.name} = 'resync' or ${engineJobs.name} like 'resync:%'`);
      await appendAudit(tx, {
        actor: { id: null, label: "system" },
        action: "keys.rotate-code-key",
        entityType: "settings",
        entityId: "code-encryption-key",
        after: {
          keyId: vault.keyId,
          reSealed: report.customers + report.grants + report.webhookSecrets + report.connectionSecrets,
        },
      });
    });
  }
  return report;
}
