import http from "node:http";
import type { AddressInfo } from "node:net";
import { SimAccounts } from "./accounts";
import { controlRoute } from "./control";
import { handleSimRequest } from "./routes";
import { NukiSimulator, type SimulatorOptions } from "./simulator";

/** `sim` is the primary account; `accounts` holds it and any further ones (lib/nuki/sim/accounts.ts). */
export type RunningSimulator = {
  sim: NukiSimulator;
  accounts: SimAccounts;
  url: string;
  port: number;
  close: () => Promise<void>;
};

/** The simulator as a real HTTP server on 127.0.0.1 (port 0 = any free port). */
export async function startSimulatorServer(
  options: SimulatorOptions & { port?: number; sim?: NukiSimulator } = {},
): Promise<RunningSimulator> {
  const sim = options.sim ?? new NukiSimulator(options);
  const { sim: _primary, port: _port, tokens: _tokens, seed: _seed, ...shared } = options;
  const accounts = new SimAccounts(sim, shared);
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? "/", "http://sim");
    try {
      const simReq = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: new Headers(req.headers as Record<string, string>),
        body: Buffer.concat(chunks).toString("utf8"),
      };
      // Several accounts: /_sim/accounts… controls, else the account whose token the call carries.
      const out =
        (await accounts.control(simReq, controlRoute)) ??
        (await handleSimRequest(
          simReq.path.startsWith("/_sim/") ? sim : accounts.forAuthorization(simReq.headers.get("authorization")),
          simReq,
        ));
      const isText = typeof out.body === "string";
      res.writeHead(out.status, {
        ...(out.body !== undefined ? { "content-type": isText ? "text/html" : "application/json" } : {}),
        ...out.headers,
      });
      res.end(out.body === undefined ? undefined : isText ? out.body : JSON.stringify(out.body));
    } catch (error) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ detailMessage: `simulator error: ${(error as Error).message}` }));
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    sim,
    accounts,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
