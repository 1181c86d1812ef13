// GET /api/ready — readiness: 200 when the database is reachable and migrated, Nuki accepts the
// token (or the simulator is up) and a reconciler is alive; 503 with the failing check named
// otherwise. Public like any load-balancer probe, so it says what is wrong but holds no secret.
import { readinessOfThisProcess } from "@/lib/runtime/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const r = await readinessOfThisProcess();
  return Response.json(
    { status: r.ready ? "ready" : "not ready", checks: r.checks },
    { status: r.ready ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
