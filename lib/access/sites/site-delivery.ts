import "server-only";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { appendAudit } from "@/db/queries/audit";
import { type Site, sites } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import type { AccessContext } from "../context";
import { DEFAULT_TEMPLATES } from "@/lib/model/message-templates";
import { type SiteDeliveryFormValues, updateSiteDeliveryInput } from "./schemas";
import { lockSite } from "./site-version";

/** What the audit trail records about a site's guest delivery (templates by length: they can be long). */
const deliveryAuditView = (s: Site) => ({
  leadMinutes: s.deliveryLeadMinutes,
  deadlineMinutes: s.deliveryDeadlineMinutes,
  subject: s.messageSubject,
  textChars: s.messageText?.length ?? null,
  htmlChars: s.messageHtml?.length ?? null,
  deskContact: s.deskContact,
  version: s.version,
});

/** The form's values for a site: the defaults written out, so the admin edits real wording. */
export const siteDeliveryFormValues = (s: Site): SiteDeliveryFormValues => ({
  leadHours: s.deliveryLeadMinutes / 60,
  deadlineHours: s.deliveryDeadlineMinutes / 60,
  subject: s.messageSubject ?? DEFAULT_TEMPLATES.subject,
  text: s.messageText ?? DEFAULT_TEMPLATES.text,
  html: s.messageHtml ?? DEFAULT_TEMPLATES.html,
  deskContact: s.deskContact ?? "",
});

/**
 * Saves a site's guest delivery settings (admins): lead time, confirmation deadline, templates and
 * desk contact. Versioned with the rest of the site and audited. A template equal to the default
 * (or empty) is stored as null, so improvements to the default wording reach untouched sites.
 */
export async function updateSiteDelivery(
  ctx: AccessContext,
  actor: Actor,
  raw: z.input<typeof updateSiteDeliveryInput>,
) {
  assertCan(actor, "doors.write");
  const { siteId, expectedVersion, settings: v } = updateSiteDeliveryInput.parse(raw);
  const own = (s: string, d: string) => (s.trim() === "" || s === d ? null : s);
  return ctx.db.transaction(async (tx) => {
    const before = await lockSite(tx, siteId, expectedVersion);
    const [after] = await tx
      .update(sites)
      .set({
        deliveryLeadMinutes: Math.round(v.leadHours * 60),
        deliveryDeadlineMinutes: Math.round(v.deadlineHours * 60),
        messageSubject: own(v.subject, DEFAULT_TEMPLATES.subject),
        messageText: own(v.text, DEFAULT_TEMPLATES.text),
        messageHtml: own(v.html, DEFAULT_TEMPLATES.html),
        deskContact: v.deskContact || null,
        version: sql`${sites.version} + 1`,
        updatedAt: new Date(ctx.now()),
      })
      .where(eq(sites.id, before.id))
      .returning();
    await appendAudit(tx, {
      actor,
      action: "site.delivery_update",
      entityType: "site",
      entityId: before.id,
      before: deliveryAuditView(before),
      after: deliveryAuditView(after!),
    });
    return after!;
  });
}
