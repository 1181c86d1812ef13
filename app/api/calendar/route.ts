// GET /api/calendar?from&to&site&doors&customer&states – the calendar's visible range, with each window's sync state.
// Read-only JSON for TanStack Query; authorization is checked here and again inside calendarView.
import { z } from "zod";
import { boundedDate } from "@/lib/time/date-bounds";
import { getDb } from "@/db/bootstrap";
import { calendarView } from "@/lib/access/views/calendar-view";
import { getActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { withRequest } from "@/lib/http/with-request";

const MAX_RANGE_MS = 62 * 86_400_000;
const list = z
  .string()
  .optional()
  .transform((s) => (s ? s.split(",").filter(Boolean) : undefined));
const query = z
  .object({
    from: boundedDate(),
    to: boundedDate(),
    doors: list.pipe(z.array(z.uuid()).max(100).optional()),
    site: z.uuid().optional(),
    customer: z.uuid().optional(),
    states: list.pipe(
      z
        .array(
          z.enum(["pending", "awaiting_lock", "applied", "failed", "lock_offline", "removing", "removed", "scheduled"]),
        )
        .optional(),
    ),
  })
  .refine((q) => q.to > q.from && q.to.getTime() - q.from.getTime() <= MAX_RANGE_MS, {
    message: "The range must be positive and at most 62 days.",
  });

export const GET = withRequest(async (request: Request) => {
  const actor = await getActor();
  if (!actor) return Response.json({ error: "Please sign in." }, { status: 401 });
  if (!can(actor.role, "access.read"))
    return Response.json({ error: "Your role does not allow this." }, { status: 403 });
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success)
    return Response.json({ error: parsed.error.issues[0]?.message ?? "Invalid query." }, { status: 400 });
  const { from, to, site, doors, customer, states } = parsed.data;
  const view = await calendarView(await getDb(), actor, {
    from,
    to,
    siteId: site,
    doorIds: doors,
    customerId: customer,
    states,
  });
  return Response.json(view, { headers: { "cache-control": "no-store" } });
});
