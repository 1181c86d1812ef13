// GET /api/timeline?from&to&site&group&customer&states – one site's doors and the windows on them in the
// visible range (at most 16 days: the timeline's widest span is two weeks), with each window's sync state.
// Read-only JSON for TanStack Query; authorization is checked here and again inside timelineView.
import { z } from "zod";
import { getDb } from "@/db/bootstrap";
import { timelineView } from "@/lib/access/views/timeline-view";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { FILTERABLE_SYNC_STATES, type SyncState } from "@/lib/model/sync-state";
import { boundedDate } from "@/lib/time/date-bounds";

const MAX_RANGE_MS = 16 * 86_400_000;
const query = z
  .object({
    from: boundedDate(),
    to: boundedDate(),
    site: z.uuid({ message: "site must be a site id." }).optional(),
    group: z.uuid({ message: "group must be a door group id." }).optional(),
    customer: z.uuid({ message: "customer must be a customer id." }).optional(),
    states: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(",").filter(Boolean) : undefined))
      .pipe(z.array(z.enum(FILTERABLE_SYNC_STATES as [SyncState, ...SyncState[]])).optional()),
  })
  .refine((q) => q.to > q.from && q.to.getTime() - q.from.getTime() <= MAX_RANGE_MS, {
    message: "The range must be positive and at most 16 days.",
  });

export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor) return Response.json({ error: "Please sign in." }, { status: 401 });
  if (!can(actor.role, "access.read") || !can(actor.role, "doors.read"))
    return Response.json({ error: "Your role does not allow this." }, { status: 403 });
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success)
    return Response.json({ error: parsed.error.issues[0]?.message ?? "Invalid query." }, { status: 400 });
  const { from, to, site, group, customer, states } = parsed.data;
  const view = await timelineView(await getDb(), actor, {
    from,
    to,
    siteId: site,
    groupId: group,
    customerId: customer,
    states,
  });
  return Response.json(view, { headers: { "cache-control": "no-store" } });
}
