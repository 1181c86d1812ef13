import "server-only";
import { createServer } from "node:http";
import { env } from "@/lib/env";
import { bearerMatches } from "@/lib/http/bearer";
import { liveness, metricsText, readinessOfThisProcess } from "./health";

/**
 * `npm run worker` serves no HTTP of its own, so its counters (passes, claims, Nuki calls) would be
 * invisible: with METRICS_PORT it answers /metrics, /health and /ready on a port of its own, bound to
 * METRICS_HOST (loopback by default; a scraper elsewhere needs METRICS_TOKEN as well).
 */
export async function startMetricsServer(): Promise<(() => Promise<void>) | null> {
  const { METRICS_PORT: port, METRICS_HOST: host, METRICS_TOKEN: token } = env();
  if (!port) return null;
  const server = createServer(async (req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    try {
      if (req.method !== "GET") return send(405, "text/plain", "Method not allowed\n");
      if (req.url === "/health") return send(200, "application/json", JSON.stringify(liveness()));
      if (req.url === "/ready") {
        const r = await readinessOfThisProcess();
        return send(
          r.ready ? 200 : 503,
          "application/json",
          JSON.stringify({ status: r.ready ? "ready" : "not ready", checks: r.checks }),
        );
      }
      if (req.url === "/metrics") {
        if (token && !bearerMatches(req.headers.authorization ?? null, token))
          return send(401, "text/plain", "Unauthorized\n");
        const m = await metricsText();
        return send(200, m.contentType, m.body);
      }
      send(404, "text/plain", "Not found\n");
    } catch (error) {
      send(500, "text/plain", `${(error as Error).message}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  console.log(`[metrics] worker metrics on http://${host}:${port}/metrics`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
