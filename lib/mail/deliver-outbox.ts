import "server-only";
import { asc, eq, isNull } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import type { DbOrTx } from "@/db/client";
import { outbox } from "@/db/schema";
import { redactSentLinkMail } from "@/lib/auth/login-links";
import type { CodeVault } from "@/lib/access/codes/code-vault";
import { redactSentInviteMail } from "@/lib/auth/staff-invites";
import { fillCodes } from "./fill-codes";

export type DeliveryReport = { sent: number; failed: number };

/**
 * Sends queued emails over SMTP, oldest first, and stamps each one sent. A message that fails
 * stays queued and is tried again on the next run; one bad address never blocks the rest.
 * Guest access messages get their keypad codes written in here, from the vault, and only here.
 */
export async function deliverOutbox(
  db: DbOrTx,
  transport: Pick<Transporter, "sendMail">,
  o: { from: string; batch?: number; now?: () => number; vault?: Pick<CodeVault, "decrypt"> } = { from: "" },
): Promise<DeliveryReport> {
  const now = o.now ?? Date.now;
  const queued = await db
    .select()
    .from(outbox)
    .where(isNull(outbox.sentAt))
    .orderBy(asc(outbox.createdAt))
    .limit(o.batch ?? 50);
  const report: DeliveryReport = { sent: 0, failed: 0 };
  for (const m of queued) {
    try {
      const filled = await fillCodes(db, o.vault, m);
      await transport.sendMail({
        from: o.from,
        to: m.to,
        subject: m.subject,
        text: filled.body,
        ...(filled.html !== null ? { html: filled.html } : {}),
      });
      // A sent sign-in link or staff invite stays in the recipient's mailbox only: the stored copy loses its token.
      const redacted =
        m.kind === "login-link"
          ? redactSentLinkMail(m.body)
          : m.kind === "staff-invite"
            ? redactSentInviteMail(m.body)
            : undefined;
      await db
        .update(outbox)
        .set({ sentAt: new Date(now()), ...(redacted !== undefined ? { body: redacted } : {}) })
        .where(eq(outbox.id, m.id));
      report.sent++;
    } catch (error) {
      report.failed++;
      console.warn(`[mail] could not send ${m.kind} message ${m.id}: ${(error as Error).message}`);
    }
  }
  return report;
}
