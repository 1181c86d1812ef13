import type { WebhookFeature } from "../schemas";
import { invalidParam, javaError, json, noContent } from "./responses";
import type { NukiSimulator } from "./simulator";
import type { SimRequest, SimResponse } from "./types";
import { controlRoute } from "./control";
import { routeKey } from "../route-key";

const parseJson = (body: string): unknown => {
  if (!body) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return Symbol.for("invalid");
  }
};

/** One HTTP request against the simulated API (used by the HTTP server and by MSW handlers). */
export async function handleSimRequest(sim: NukiSimulator, req: SimRequest): Promise<SimResponse> {
  if (req.path.startsWith("/_sim/")) return controlRoute(sim, req);
  const route = routeKey(req.method, req.path);
  if (!sim.authorized(req.headers.get("authorization"))) return javaError(401, "Your access token is not authorized");
  sim.calls.push(route);
  const fault = sim.takeFault(route);
  if (fault) return fault;
  const body = parseJson(req.body);
  if (body === Symbol.for("invalid")) return javaError(400, "Malformed JSON body");
  const b = (body ?? {}) as Record<string, unknown>;
  const m = (re: RegExp) => req.path.match(re);
  let p: RegExpMatchArray | null;

  switch (true) {
    case req.method === "GET" && req.path === "/smartlock":
      return json([...sim.locks.values()].map((l) => sim.lockView(l)));
    case req.method === "GET" && req.path === "/smartlock/auth":
      return json(filterAuths(sim, req.query));
    case req.method === "GET" && req.path === "/smartlock/auth/paged": {
      const size = Math.min(Math.max(Number(req.query.get("size") ?? 100), 1), 100);
      const page = Math.max(Number(req.query.get("page") ?? 0), 0);
      const all = filterAuths(sim, req.query);
      const totalPages = Math.max(1, Math.ceil(all.length / size));
      return json({
        results: all.slice(page * size, (page + 1) * size),
        pagination: {
          totalItems: all.length,
          totalPages,
          currentPage: page,
          pageSize: size,
          nextPage: page + 1 < totalPages ? page + 1 : null,
          prevPage: page > 0 ? page - 1 : null,
        },
      });
    }
    case req.method === "PUT" && req.path === "/smartlock/auth": {
      const { smartlockIds, ...rest } = b;
      return sim.createAuths(rest, smartlockIds as number[]);
    }
    case req.method === "POST" && req.path === "/smartlock/auth": {
      if (!Array.isArray(body) || body.length === 0) return javaError(400, "Expected a list of authorizations");
      // Checked as a whole before anything is queued, so one bad item rejects the request [INF].
      for (const item of body as Record<string, unknown>[]) {
        const t = sim.auths.get(String(item.id));
        if (!t) return javaError(404, `Authorization ${String(item.id)} not found`);
        if (t.operationId) return javaError(423);
      }
      for (const item of body as Record<string, unknown>[]) {
        const { id, ...rest } = item;
        const r = sim.updateAuth(null, String(id), rest);
        if (r.status !== 204) return r;
      }
      return noContent;
    }
    case req.method === "DELETE" && req.path === "/smartlock/auth": {
      if (!Array.isArray(body) || body.length === 0) return javaError(400, "Expected a list of authorization ids");
      for (const id of body) {
        const t = sim.auths.get(String(id));
        if (t?.operationId) return javaError(423);
      }
      for (const id of body) if (sim.auths.has(String(id))) sim.deleteAuth(null, String(id));
      return noContent;
    }
    case !!(p = m(/^\/smartlock\/(\d+)$/)) && req.method === "GET": {
      const lock = sim.locks.get(Number(p![1]));
      return lock ? json(sim.lockView(lock)) : javaError(404, "Smartlock not found");
    }
    case !!(p = m(/^\/smartlock\/(\d+)$/)) && req.method === "POST": {
      // Rename / favourite (§2.1). Applied on Nuki's side at once: a name is not sent to the lock [INF].
      if (!sim.locks.has(Number(p![1]))) return javaError(403);
      if (b.name !== undefined && (typeof b.name !== "string" || !b.name.trim())) return invalidParam("name", b.name);
      if (typeof b.name === "string") sim.renameLock(Number(p![1]), b.name);
      return noContent;
    }
    case !!(p = m(/^\/smartlock\/(\d+)$/)) && req.method === "DELETE":
      return sim.removeLock(Number(p![1])) ? noContent : javaError(403);
    case !!(p = m(/^\/smartlock\/(\d+)\/(action|sync)$/)) && req.method === "POST":
      return sim.locks.has(Number(p![1])) ? noContent : javaError(403);
    case !!(p = m(/^\/smartlock\/(\d+)\/auth$/)): {
      const smartlockId = Number(p![1]);
      if (!sim.locks.has(smartlockId)) return javaError(403, `Smartlock ${smartlockId} is not in this account`);
      if (req.method === "GET") return json(filterAuths(sim, req.query).filter((a) => a.smartlockId === smartlockId));
      if (req.method === "PUT") return sim.createAuths(b, [smartlockId]);
      break;
    }
    case !!(p = m(/^\/smartlock\/(\d+)\/auth\/([^/]+)$/)): {
      const smartlockId = Number(p![1]);
      const id = decodeURIComponent(p![2]!);
      if (req.method === "GET") {
        const a = sim.auths.get(id);
        return a && a.smartlockId === smartlockId ? json(a) : javaError(404, `Authorization ${id} not found`);
      }
      if (req.method === "POST") return sim.updateAuth(smartlockId, id, b);
      if (req.method === "DELETE") return sim.deleteAuth(smartlockId, id);
      break;
    }
    case req.method === "GET" && req.path === "/account/user": {
      const email = req.query.get("email")?.toLowerCase();
      const offset = Number(req.query.get("offset") ?? 0);
      const limit = Math.min(Number(req.query.get("limit") ?? 50), 50); // server clamps silently (§1.4)
      return json(
        [...sim.accountUsers.values()]
          .filter((u) => !email || u.email.toLowerCase() === email)
          .slice(offset, offset + limit),
      );
    }
    case req.method === "PUT" && req.path === "/account/user":
      return sim.createAccountUser(b);
    case !!(p = m(/^\/account\/user\/(\d+)$/)): {
      const id = Number(p![1]);
      if (req.method === "GET") {
        const u = sim.accountUsers.get(id);
        return u ? json(u) : javaError(404);
      }
      if (req.method === "DELETE") return sim.deleteAccountUser(id);
      break;
    }
    case req.method === "GET" && !!(p = m(/^\/smartlock(?:\/(\d+))?\/log$/)): {
      const smartlockId = p![1] ? Number(p![1]) : null;
      const limit = Math.min(Number(req.query.get("limit") ?? 20), 50);
      const olderThan = req.query.get("id");
      const authId = req.query.get("authId");
      const from = req.query.get("fromDate") ? Date.parse(req.query.get("fromDate")!) : -Infinity;
      const to = req.query.get("toDate") ? Date.parse(req.query.get("toDate")!) : Infinity;
      let logs = sim.logs.filter(
        (l) =>
          (smartlockId === null || l.smartlockId === smartlockId) &&
          (!authId || l.authId === authId) &&
          Date.parse(l.date) >= from &&
          Date.parse(l.date) <= to,
      );
      if (olderThan) {
        const i = logs.findIndex((l) => l.id === olderThan);
        logs = i >= 0 ? logs.slice(i + 1) : logs;
      }
      return json(logs.slice(0, limit));
    }
    case req.path === "/api/decentralWebhook" && req.method === "GET":
      return json(
        sim.hooks.map(({ secret: _s, ...h }) => ({ id: h.id, webhookUrl: h.url, webhookFeatures: h.features })),
      );
    case req.path === "/api/decentralWebhook" && req.method === "PUT": {
      const url = String(b.webhookUrl ?? "");
      if (!/^https:\/\//.test(url) && !(sim.config.allowHttpWebhooks && /^http:\/\//.test(url)))
        return javaError(400, `The supplied value '${url}' for parameter 'webhookUrl' is not valid`);
      const hook = sim.registerWebhook(url, (b.webhookFeatures as WebhookFeature[]) ?? []);
      return json({ id: hook.id, secret: hook.secret, webhookUrl: hook.url, webhookFeatures: hook.features });
    }
    case !!(p = m(/^\/api\/decentralWebhook\/(\d+)$/)) && req.method === "DELETE":
      sim.hooks = sim.hooks.filter((h) => h.id !== Number(p![1]));
      return noContent;
  }
  return javaError(404, `No route ${req.method} ${req.path}`);
}

function filterAuths(sim: NukiSimulator, q: URLSearchParams) {
  const types = q.get("types")?.split(",").map(Number);
  const accountUserId = q.get("accountUserId") ? Number(q.get("accountUserId")) : undefined;
  return sim.visibleAuths(
    (a) =>
      (!types || types.includes(a.type)) &&
      (accountUserId === undefined ||
        (accountUserId < 0 ? a.accountUserId == null : a.accountUserId === accountUserId)),
  );
}
