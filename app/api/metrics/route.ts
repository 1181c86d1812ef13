// GET /api/metrics — Prometheus text format, for a scraper holding METRICS_TOKEN as a bearer token.
// A token rather than a second port: Next serves one port, and a token works the same behind any
// proxy. Without METRICS_TOKEN the endpoint does not exist (404), so nothing leaks by default.
import { bearerMatches } from "@/lib/http/bearer";
import { env } from "@/lib/env";
import { metricsText } from "@/lib/runtime/health";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const token = env().METRICS_TOKEN;
  if (!token) return new Response("Not found\n", { status: 404 });
  if (!bearerMatches(request.headers.get("authorization"), token))
    return new Response("Unauthorized\n", { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } });
  const { contentType, body } = await metricsText();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
