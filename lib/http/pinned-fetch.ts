import "server-only";
import { lookup as dnsLookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { Readable } from "node:stream";
import { type AllowList, allowListFromEnv, RefusedAddressError, refusalFor } from "./outbound-address";

export type ResolvedAddress = { address: string; family: number };
/** Name → addresses; the system resolver unless a test injects one. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

export type PinnedFetchOptions = { allow?: () => AllowList; resolve?: Resolver };

/**
 * The `lookup` a socket connects with: the name is resolved once, every address it gave is checked,
 * and the socket connects to exactly those addresses. Nothing resolves the name a second time, so a
 * DNS answer that changes between a check and the connection (rebinding) cannot slip an internal
 * address in. Any refused address refuses the whole name: a name that points both outside and
 * inside is not one to trust.
 */
export function guardedLookup(allow: () => AllowList, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const list = allow();
        for (const a of found) {
          const reason = refusalFor(a.address, hostname, list);
          if (reason) return callback(new RefusedAddressError(reason), "", 0);
        }
        if (found.length === 0) {
          const err = Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" });
          return callback(err, "", 0);
        }
        const wanted =
          options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
        const usable = wanted.length > 0 ? wanted : found;
        if (options.all) (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 0),
    );
  };
}

const NULL_BODY = new Set([101, 204, 205, 304]);

function toResponse(res: IncomingMessage): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  const status = res.statusCode ?? 502;
  const body = NULL_BODY.has(status) ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
  if (!body) res.resume();
  return new Response(body, { status, statusText: res.statusMessage, headers });
}

/**
 * A `fetch` for URLs someone typed: the subset Portier's outgoing calls use (method, headers, a
 * string or byte body, signal), over node:http(s) with `guardedLookup`, so the address checked is
 * the address connected to. An address typed as a literal is checked before connecting (no lookup
 * happens for those). Redirects are never followed: the answer is the 3xx itself (callers check
 * each hop by calling again). A refused address rejects with `RefusedAddressError`; an abort with
 * the signal's reason, as fetch does.
 */
export function pinnedFetch(o: PinnedFetchOptions = {}): typeof fetch {
  const allow = o.allow ?? allowListFromEnv;
  const lookup = guardedLookup(allow, o.resolve ?? systemResolver);
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new TypeError(`unsupported scheme ${url.protocol}`);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host)) {
      const reason = refusalFor(host, host, allow());
      if (reason) throw new RefusedAddressError(reason);
    }
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => {
      headers[k] = v;
    });
    const body = init.body == null ? undefined : typeof init.body === "string" ? Buffer.from(init.body) : init.body;
    if (body !== undefined && !(body instanceof Uint8Array))
      throw new TypeError("pinnedFetch sends string or byte bodies only");
    if (body) headers["content-length"] = String(body.byteLength);
    return new Promise<Response>((resolve, reject) => {
      const req = (url.protocol === "https:" ? httpsRequest : httpRequest)(
        url,
        { method: init.method ?? "GET", headers, lookup, agent: false },
        (res) => resolve(toResponse(res)),
      );
      const onAbort = () => {
        req.destroy(signal?.reason);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      req.on("error", (e) => reject(signal?.aborted ? signal.reason : e));
      req.on("close", () => signal?.removeEventListener("abort", onAbort));
      req.end(body);
    });
  }) as typeof fetch;
}
