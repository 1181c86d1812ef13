// GET /api/ical/{token} – a customer's access windows as an iCalendar feed. The unguessable token is the
// credential (calendar apps send no cookies); it is stored hashed and replaced whenever the customer asks.
import { getDb } from "@/db/bootstrap";
import { icalFeed } from "@/lib/access/portal/ical";

export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const body = await icalFeed(await getDb(), (await params).token);
  if (!body) return new Response("Not found", { status: 404 });
  return new Response(body, {
    headers: { "content-type": "text/calendar; charset=utf-8", "cache-control": "private, max-age=300" },
  });
}
