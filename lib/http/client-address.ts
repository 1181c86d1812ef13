import { isIP } from "node:net";

/**
 * The header instrumentation.ts stamps on every incoming request with the TCP peer's address
 * (lib/http/peer-address.ts), overwriting whatever a client sent under that name. `next start`
 * has no public API for the socket address, and Next fills `x-forwarded-for` from the socket only
 * when the client did not send one, so that header alone can be forged by anyone.
 */
export const PEER_ADDRESS_HEADER = "x-portier-peer-address";
/**
 * Beside the address, a per-process secret: a request this process did not stamp (a server where
 * the stamp is not installed, e.g. another runtime) carries no valid proof, so a client-sent
 * address header is never believed.
 */
export const PEER_PROOF_HEADER = "x-portier-peer-proof";
const PROOF_KEY = Symbol.for("portier.peerAddressProof");
const g = globalThis as unknown as { [PROOF_KEY]?: string };
export const peerProof = () => (g[PROOF_KEY] ??= crypto.randomUUID());

/** `::ffff:10.0.0.1` and `10.0.0.1` are the same client. */
const normalise = (ip: string) => {
  const s = ip.trim().replace(/^\[|\]$/g, "");
  return s.toLowerCase().startsWith("::ffff:") && isIP(s.slice(7)) === 4 ? s.slice(7) : s.toLowerCase();
};

const ipv4ToInt = (ip: string) => ip.split(".").reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;

/** One TRUSTED_PROXIES entry: an exact address (v4 or v6) or an IPv4 CIDR block like `10.0.0.0/8`. */
function matches(entry: string, ip: string): boolean {
  const [base, bits] = entry.split("/");
  if (bits === undefined) return normalise(base!) === ip;
  if (isIP(base!) !== 4 || isIP(ip) !== 4) return false;
  const n = Number(bits);
  if (!Number.isInteger(n) || n < 0 || n > 32) return false;
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return (ipv4ToInt(base!) & mask) === (ipv4ToInt(ip) & mask);
}

export const parseTrustedProxies = (setting: string | undefined) =>
  (setting ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The address the login throttle and link limits count against. With no trusted proxy configured
 * (the default) it is the socket peer, whatever the request claims. Behind a reverse proxy listed
 * in TRUSTED_PROXIES, `X-Forwarded-For` is read from the right, skipping our own proxies, so the
 * first address a trusted hop vouches for wins; a client cannot push a forged address past it.
 */
export function clientAddressFrom(headers: Headers, trustedProxies: readonly string[]): string {
  const stamped = headers.get(PEER_PROOF_HEADER) === peerProof();
  const peerRaw = stamped ? headers.get(PEER_ADDRESS_HEADER) : null;
  const peer = peerRaw && isIP(normalise(peerRaw)) ? normalise(peerRaw) : null;
  if (!peer) return "unknown";
  const trusted = (ip: string) => trustedProxies.some((e) => matches(e, ip));
  if (!trusted(peer)) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map(normalise)
    .filter((ip) => isIP(ip));
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted(hops[i]!)) return hops[i]!;
  return peer;
}
