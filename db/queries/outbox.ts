import "server-only";
import { desc } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { outbox } from "../schema";

export type Mail = {
  to: string;
  subject: string;
  body: string;
  kind: string;
  dedupeKey?: string;
  /** An HTML alternative to `body`. */
  html?: string;
  /** Whose codes the deliverer may write into `[[code:<grant id>]]` markers (guest access messages). */
  codeCustomerId?: string;
};

/** Queues an email; a message with the same dedupe key is queued only once (notifications run repeatedly). */
export async function queueMail(db: DbOrTx, mail: Mail): Promise<boolean> {
  const rows = await db
    .insert(outbox)
    .values({
      ...mail,
      dedupeKey: mail.dedupeKey ?? null,
      html: mail.html ?? null,
      codeCustomerId: mail.codeCustomerId ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  return rows.length > 0;
}

export async function listOutbox(db: DbOrTx, limit = 100) {
  return db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(limit);
}
