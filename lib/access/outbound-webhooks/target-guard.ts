import "server-only";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

const LINK_LOCAL = (a: string) =>
  /^169\.254\./.test(a) || /^fe[89ab][0-9a-f]:/i.test(a) || a === "0.0.0.0" || a === "::";

/**
 * Endpoints are typed by admins and called by the server, so a delivery must not reach the cloud's
 * instance metadata (169.254.169.254 hands out credentials) or other link-local services — the same
 * rule as booking feeds (lib/access/feeds/fetch-feed.ts). Loopback and private networks stay allowed:
 * an on-premises PMS lives there. Checked at every attempt on the resolved addresses (a name may
 * change); not proof against DNS rebinding between this lookup and the connection. Returns the
 * reason to refuse, or null.
 */
export async function refusedTarget(url: string): Promise<string | null> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return null; // an unknown name fails at connect, as a normal (retried) attempt
  }
  return addresses.some(LINK_LOCAL) ? "Portier does not send webhooks to link-local addresses." : null;
}

/** The same rule on an address typed as an IP literal, for an immediate answer when registering. */
export const isLinkLocalLiteral = (url: string) => {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  return isIP(host) !== 0 && LINK_LOCAL(host);
};
