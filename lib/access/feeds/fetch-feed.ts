import "server-only";
import { isIP } from "node:net";
import { allowListFromEnv, RefusedAddressError, refusalFor } from "@/lib/http/outbound-address";
import { pinnedFetch } from "@/lib/http/pinned-fetch";

export type FetchLimits = { timeoutMs: number; maxBytes: number };
export const DEFAULT_FETCH_LIMITS: FetchLimits = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024 };

export type FetchResult =
  | { status: "not_modified" }
  | { status: "ok"; text: string; etag: string | null; lastModified: string | null };

/** A fetch failure in words for the feeds page; never carries the URL (it is a secret). */
export class FeedFetchError extends Error {}

/**
 * Feed URLs are typed by staff and fetched by the server, so they must not reach the cloud's
 * instance metadata, link-local services, or — unless OUTBOUND_ALLOW_PRIVATE_HOSTS allows them (an
 * on-premises PMS) — loopback and private networks (lib/http/outbound-address.ts). Every redirect
 * hop is a new request through the same guard. An address typed as a literal is refused here,
 * even with an injected fetch; a name is checked by the default fetch's own lookup, which pins the
 * connection to the address it checked (no DNS rebinding between check and connect).
 */
function assertFetchable(url: URL) {
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new FeedFetchError("Only http and https feeds are read.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const reason = isIP(host) ? refusalFor(host, host, allowListFromEnv()) : null;
  if (reason) throw new FeedFetchError(`Portier does not read feeds from ${reason}.`);
}

/** One per process: the pinned fetch keeps no state between calls. */
let defaultFetch: typeof fetch | undefined;

const MAX_REDIRECTS = 3;

/** What the page shows instead of the URL: scheme, host and the first characters of the path. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  const path = u.pathname.length > 12 ? `${u.pathname.slice(0, 12)}…` : u.pathname;
  return `${u.protocol}//${u.host}${path}${u.search ? "?…" : ""}`;
}

/**
 * Conditional GET of a feed (If-None-Match / If-Modified-Since), bounded in time and size: the body
 * is read as a stream and the request aborted as soon as it passes `maxBytes` or the deadline, so a
 * huge or slow feed costs at most that much.
 */
export async function fetchFeed(
  url: string,
  cache: { etag: string | null; lastModified: string | null },
  o: FetchLimits & { fetch?: typeof fetch } = DEFAULT_FETCH_LIMITS,
): Promise<FetchResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), o.timeoutMs);
  try {
    const headers: Record<string, string> = { accept: "text/calendar, text/plain;q=0.5, */*;q=0.1" };
    if (cache.etag) headers["if-none-match"] = cache.etag;
    if (cache.lastModified) headers["if-modified-since"] = cache.lastModified;
    // Redirects are followed by hand so each hop is checked like the first.
    let target = new URL(url);
    let res: Response;
    for (let hop = 0; ; hop++) {
      assertFetchable(target);
      res = await (o.fetch ?? (defaultFetch ??= pinnedFetch()))(target, {
        headers,
        signal: controller.signal,
        redirect: "manual",
      });
      const location = res.headers.get("location");
      if (res.status < 300 || res.status >= 400 || res.status === 304 || !location) break;
      if (hop >= MAX_REDIRECTS) throw new FeedFetchError("The feed redirects too often.");
      target = new URL(location, target);
    }
    if (res.status === 304) return { status: "not_modified" };
    if (!res.ok) throw new FeedFetchError(`The feed answered HTTP ${res.status}.`);
    const declared = Number(res.headers.get("content-length") ?? "0");
    if (declared > o.maxBytes) throw new FeedFetchError(tooBig(o.maxBytes));
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body?.getReader();
    if (reader)
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > o.maxBytes) {
          controller.abort();
          throw new FeedFetchError(tooBig(o.maxBytes));
        }
        chunks.push(value);
      }
    return {
      status: "ok",
      text: Buffer.concat(chunks).toString("utf8"),
      etag: res.headers.get("etag"),
      lastModified: res.headers.get("last-modified"),
    };
  } catch (e) {
    if (e instanceof FeedFetchError) throw e;
    if (e instanceof RefusedAddressError) throw new FeedFetchError(`Portier does not read feeds from ${e.reason}.`);
    if (controller.signal.aborted) throw new FeedFetchError(`The feed did not answer within ${o.timeoutMs / 1000} s.`);
    // The cause (DNS, refused connection…) without the URL, which fetch errors may echo.
    const cause = (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code;
    throw new FeedFetchError(`The feed could not be reached${cause ? ` (${cause})` : ""}.`);
  } finally {
    clearTimeout(timer);
  }
}

const tooBig = (max: number) =>
  `The feed is larger than ${Math.round(max / 1024 / 1024)} MB; Portier stopped reading it.`;
