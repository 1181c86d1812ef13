// GET /api/customers/export?q&group – the Customers page's list as CSV (the import's own columns).
import { getDb } from "@/db/bootstrap";
import { customersCsv } from "@/lib/access/customers/export-csv";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { exportFilter } from "../export-filter";

export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor) return Response.json({ error: "Please sign in." }, { status: 401 });
  if (!can(actor.role, "customers.read"))
    return Response.json({ error: "Your role does not allow this." }, { status: 403 });
  const filter = exportFilter(request);
  if (!filter.success) return Response.json({ error: filter.error.issues[0]?.message }, { status: 400 });
  const csv = await customersCsv(await getDb(), actor, { search: filter.data.q, group: filter.data.group });
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="customers.csv"`,
      "cache-control": "no-store",
    },
  });
}
