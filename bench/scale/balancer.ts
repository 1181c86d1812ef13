// A round-robin HTTP load balancer in front of the app instances, as production puts one there:
// the API client and the simulator's webhooks both go to its one address (PUBLIC_URL), and each
// request is passed whole to the next instance in turn. Counts what each instance answered.
import http from "node:http";

export type Balancer = { url: string; served: number[]; close: () => Promise<void> };

export async function startBalancer(port: number, upstreams: number[]): Promise<Balancer> {
  const served = upstreams.map(() => 0);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const server = http.createServer((req, res) => {
    const i = next++ % upstreams.length;
    const up = http.request(
      { host: "127.0.0.1", port: upstreams[i], method: req.method, path: req.url, headers: req.headers, agent },
      (upRes) => {
        served[i]!++;
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on("error", (e) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`balancer: instance ${i} failed: ${e.message}`);
    });
    req.pipe(up);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
