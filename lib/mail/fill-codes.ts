import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { grants } from "@/db/schema";
import type { CodeVault } from "@/lib/access/codes/code-vault";
import { CODE_MARKER_RE } from "@/lib/model/message-templates";

const NO_CODE = "(ask the front desk)";

/**
 * Writes keypad codes into a guest message at the moment it is sent — the outbox keeps the marker,
 * never the code (retention and the log sweep hold). Only grants of the message's own customer are
 * filled: a marker naming someone else's grant (or any marker in a message without a customer)
 * becomes "(ask the front desk)". The code is the grant's current one: a code changed after
 * queueing is sent as it is now (and the change sends its own corrected message too).
 */
export async function fillCodes(
  db: DbOrTx,
  vault: Pick<CodeVault, "decrypt"> | undefined,
  m: { body: string; html: string | null; codeCustomerId: string | null },
): Promise<{ body: string; html: string | null; codes: number }> {
  const ids = [...new Set([...`${m.body}\n${m.html ?? ""}`.matchAll(CODE_MARKER_RE)].map((x) => x[1]!))];
  if (ids.length === 0) return { body: m.body, html: m.html, codes: 0 };
  if (!vault) throw new Error("a guest message holds code references but no code vault was given to the deliverer");
  const rows = m.codeCustomerId
    ? await db
        .select({ id: grants.id, enc: grants.codeEnc })
        .from(grants)
        .where(and(eq(grants.customerId, m.codeCustomerId), eq(grants.credential, "keypad"), inArray(grants.id, ids)))
    : [];
  const codes = new Map(rows.filter((r) => r.enc).map((r) => [r.id, String(vault.decrypt(r.enc!))]));
  const fill = (s: string) => s.replace(CODE_MARKER_RE, (_, id: string) => codes.get(id) ?? NO_CODE);
  return { body: fill(m.body), html: m.html === null ? null : fill(m.html), codes: codes.size };
}
