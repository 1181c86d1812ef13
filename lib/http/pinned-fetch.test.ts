import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowList, RefusedAddressError } from "./outbound-address";
import { pinnedFetch, type Resolver } from "./pinned-fetch";

/**
 * The send-time guard against a real socket. Two servers share one port: 127.0.0.1 plays the
 * legitimate receiver (allow-listed, as an on-premises PMS would be) and 127.0.0.2 the internal
 * service an attacker wants to reach (loopback, not allow-listed). Host names are resolved by an
 * injected resolver, so the tests control what "DNS" answers, call by call.
 */
let legit: Server;
let internal: Server;
let port = 0;
const hits = { legit: 0, internal: 0 };

beforeAll(async () => {
  legit = createServer((_req, res) => {
    hits.legit++;
    res.writeHead(200, { "content-type": "text/plain" }).end("legit");
  });
  await new Promise<void>((r) => legit.listen(0, "127.0.0.1", r));
  port = (legit.address() as AddressInfo).port;
  internal = createServer((_req, res) => {
    hits.internal++;
    res.writeHead(200).end("internal secrets");
  });
  await new Promise<void>((r) => internal.listen(port, "127.0.0.2", r));
});
afterAll(async () => {
  await new Promise((r) => legit?.close(r));
  await new Promise((r) => internal?.close(r));
});

const allow = () => parseAllowList("127.0.0.1");

describe("pinned fetch", () => {
  it("connects to an allowed address and returns the answer as a Response", async () => {
    const resolve: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];
    const res = await pinnedFetch({ allow, resolve })(`http://pms.test:${port}/feed`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("legit");
  });

  it("refuses a name that resolves to a refused address, before any byte is sent", async () => {
    const before = { ...hits };
    const resolve: Resolver = async () => [{ address: "127.0.0.2", family: 4 }];
    const send = pinnedFetch({ allow, resolve })(`http://evil.test:${port}/`);
    await expect(send).rejects.toBeInstanceOf(RefusedAddressError);
    await expect(send).rejects.toThrow(/loopback or private-network addresses \(127\.0\.0\.2/);
    // A name with one good and one bad address is refused whole.
    const mixed: Resolver = async () => [
      { address: "127.0.0.1", family: 4 },
      { address: "169.254.169.254", family: 4 },
    ];
    await expect(pinnedFetch({ allow, resolve: mixed })(`http://mixed.test:${port}/`)).rejects.toThrow(/metadata/);
    expect(hits).toEqual(before);
  });

  it("refuses literal addresses without resolving (each class), unless the allow-list names them", async () => {
    const resolve: Resolver = async () => {
      throw new Error("a literal must not be resolved");
    };
    const f = pinnedFetch({ allow, resolve });
    for (const url of [
      `http://127.0.0.2:${port}/`,
      "http://10.0.0.1/",
      "http://192.168.0.1/",
      "http://[::1]/",
      "http://[fd00::1]/",
      "http://169.254.169.254/latest/meta-data/",
      "http://[fe80::1]/",
      "http://0.0.0.0/",
    ])
      await expect(f(url), url).rejects.toBeInstanceOf(RefusedAddressError);
    expect((await f(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });

  it("DNS rebinding: the name is resolved once and the socket connects to exactly the address checked", async () => {
    // First answer: the allowed receiver; every later answer: the internal service. A guard that
    // checks with one lookup and lets the connection look up again would land on 127.0.0.2.
    let calls = 0;
    const rebinding: Resolver = async () =>
      calls++ === 0 ? [{ address: "127.0.0.1", family: 4 }] : [{ address: "127.0.0.2", family: 4 }];
    const before = { ...hits };
    const res = await pinnedFetch({ allow, resolve: rebinding })(`http://rebind.test:${port}/`);
    expect(await res.text()).toBe("legit");
    expect(calls).toBe(1);
    expect(hits).toEqual({ legit: before.legit + 1, internal: before.internal });
    // The next request resolves again, gets the rebound answer, and is refused.
    await expect(pinnedFetch({ allow, resolve: rebinding })(`http://rebind.test:${port}/`)).rejects.toBeInstanceOf(
      RefusedAddressError,
    );
    expect(hits.internal).toBe(before.internal);
  });

  it("does not follow redirects, and aborts with the signal's reason", async () => {
    const server = createServer((req, res) => {
      if (req.url === "/slow") return; // never answers
      res.writeHead(302, { location: "http://169.254.169.254/" }).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const p = (server.address() as AddressInfo).port;
    try {
      const f = pinnedFetch({ allow });
      const res = await f(`http://127.0.0.1:${p}/`, { redirect: "manual" });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("http://169.254.169.254/");
      await expect(f(`http://127.0.0.1:${p}/slow`, { signal: AbortSignal.timeout(200) })).rejects.toMatchObject({
        name: "TimeoutError",
      });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
