import "server-only";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { type AllowList, allowListFromEnv, refusalFor } from "@/lib/http/outbound-address";
import { type PinnedFetchOptions, pinnedFetch, type Resolver } from "@/lib/http/pinned-fetch";

/**
 * Endpoints are typed by admins and called by the server, so a delivery must not reach the cloud's
 * instance metadata, link-local services, or (unless OUTBOUND_ALLOW_PRIVATE_HOSTS allows them)
 * loopback and private networks — the same rule as booking feeds (lib/http/outbound-address.ts).
 *
 * `refusedTarget` answers early, with a reason for the delivery log, and a refused delivery fails at
 * once (waiting never makes an address acceptable). It is a courtesy: the guarantee is the send
 * itself (`webhookFetch`), whose socket connects only to the addresses it checked, so a name that
 * resolves differently a moment later (DNS rebinding) cannot reach anything refused.
 */
export async function refusedTarget(
  url: string,
  o: { allow?: AllowList; resolve?: Resolver } = {},
): Promise<string | null> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  const allow = o.allow ?? allowListFromEnv();
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await (o.resolve ?? defaultResolve)(host)).map((a) => a.address);
  } catch {
    return null; // an unknown name fails at connect, as a normal (retried) attempt
  }
  for (const a of addresses) {
    const reason = refusalFor(a, host, allow);
    if (reason) return `Portier does not send webhooks to ${reason}.`;
  }
  return null;
}

const defaultResolve: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/** The same rule on an address typed as an IP literal, for an immediate answer when registering. */
export function literalRefusal(url: string, allow: AllowList = allowListFromEnv()): string | null {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) === 0) return null;
  const reason = refusalFor(host, host, allow);
  return reason ? `Portier does not send webhooks to ${reason}.` : null;
}

/** The sender deliveries use by default: pinned to the addresses the guard accepted. */
export const webhookFetch = (o: PinnedFetchOptions = {}) => pinnedFetch(o);
