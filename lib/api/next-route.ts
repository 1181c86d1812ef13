import "server-only";
import { env } from "@/lib/env";
import { getAccessContext } from "@/lib/runtime/context";
import { operation } from "./operations";
import { serveApi } from "./serve";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * A Next route handler for one /api/v1 operation, wired to this process's access context. The
 * route files stay one line each; everything they do is in serveApi (tested without Next).
 */
export function apiRoute(method: "GET" | "POST" | "PATCH" | "DELETE", path: string) {
  const op = operation(method, path);
  return async (request: Request, context: RouteContext) => {
    const raw = await context.params;
    const params = Object.fromEntries(
      Object.entries(raw ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]),
    );
    const e = env();
    return serveApi(
      { ctx: await getAccessContext(), rate: { perMinute: e.API_RATE_PER_MINUTE, burst: e.API_RATE_BURST } },
      op,
      request,
      params,
    );
  };
}
