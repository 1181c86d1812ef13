// GET /api/health — liveness for a load balancer or an orchestrator: the process answers. It checks
// nothing it depends on (that is /api/ready), so a database outage never gets a healthy process killed.
import { liveness } from "@/lib/runtime/health";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(liveness(), { headers: { "cache-control": "no-store" } });
}
