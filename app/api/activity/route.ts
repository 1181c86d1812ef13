// GET /api/activity?door&customer&from&to – lock activity as CSV (a download for managers and the front desk).
import { z } from "zod";
import { getDb } from "@/db/bootstrap";
import { activityCsv, lockActivity } from "@/lib/access/views/lock-activity";
import { getActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { DATE_RANGE_MESSAGE, inDateRange } from "@/lib/time/date-bounds";
import { parseLocalDate } from "@/lib/time/zoned-time";
import { withRequest } from "@/lib/http/with-request";

// Days as people read them (inclusive, in each door's zone), exactly as the Activity page's date fields send them;
// only this century's days (an extreme date is a 400 with words, never a database error).
const isDay = (s: string) => {
  try {
    const d = parseLocalDate(s);
    return inDateRange(Date.UTC(d.y, d.m - 1, d.d));
  } catch {
    return false;
  }
};
const day = (which: string) =>
  z
    .string()
    .refine(isDay, { message: `“${which}” must be a day like 2026-11-29. ${DATE_RANGE_MESSAGE}` })
    .optional();
const query = z.object({
  door: z.uuid().optional(),
  customer: z.uuid().optional(),
  from: day("From"),
  to: day("To"),
});

export const GET = withRequest(async (request: Request) => {
  const actor = await getActor();
  if (!actor) return Response.json({ error: "Please sign in." }, { status: 401 });
  if (!can(actor.role, "activity.read"))
    return Response.json({ error: "Your role does not allow this." }, { status: 403 });
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const parsed = query.safeParse(params);
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message }, { status: 400 });
  const rows = await lockActivity(await getDb(), actor, {
    doorId: parsed.data.door,
    customerId: parsed.data.customer,
    from: parsed.data.from,
    to: parsed.data.to,
    limit: 10_000,
  });
  return new Response(activityCsv(rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="lock-activity.csv"`,
      "cache-control": "no-store",
    },
  });
});
