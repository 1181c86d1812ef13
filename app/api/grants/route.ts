// GET /api/grants?ids=a,b,… – sync progress of specific grants (bulk assignment progress). Staff only.
import { z } from "zod";
import { getDb } from "@/db/bootstrap";
import { grantStatuses } from "@/lib/access/views/grant-statuses";
import { getActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { withRequest } from "@/lib/http/with-request";

const ids = z
  .string()
  .transform((s) => s.split(",").filter(Boolean))
  .pipe(z.array(z.uuid()).max(2000));

export const GET = withRequest(async (request: Request) => {
  const actor = await getActor();
  if (!actor) return Response.json({ error: "Please sign in." }, { status: 401 });
  if (!can(actor.role, "access.read"))
    return Response.json({ error: "Your role does not allow this." }, { status: 403 });
  const parsed = ids.safeParse(new URL(request.url).searchParams.get("ids") ?? "");
  if (!parsed.success)
    return Response.json({ error: "ids must be a comma-separated list of grant ids." }, { status: 400 });
  return Response.json(await grantStatuses(await getDb(), actor, parsed.data), {
    headers: { "cache-control": "no-store" },
  });
});
