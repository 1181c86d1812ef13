import "server-only";
import { BlockList, isIP } from "node:net";

/**
 * Which addresses the server may connect to when it calls a URL someone typed (outgoing webhooks,
 * booking feeds). Such a URL must not turn Portier into a proxy into its own network (SSRF): the
 * cloud's instance metadata hands out credentials, and loopback or private addresses reach
 * services that trust anything local.
 *
 * Two classes:
 * - never: link-local (169.254/16 — the metadata service lives there — and fe80::/10), the known
 *   metadata addresses outside it, "this network" (0/8, ::), multicast and reserved ranges.
 *   No setting opens these.
 * - private: loopback, RFC 1918, carrier-grade NAT, IPv6 unique-local, benchmarking. Refused unless
 *   OUTBOUND_ALLOW_PRIVATE_HOSTS names the address, its range or the host name (an on-premises
 *   PMS, or the tests and the Nuki simulator on 127.0.0.1).
 * An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
 */

type Range = readonly [network: string, prefix: number];

const NEVER_V4: Range[] = [
  ["0.0.0.0", 8],
  ["169.254.0.0", 16],
  ["100.100.100.200", 32], // Alibaba Cloud metadata
  ["192.0.0.192", 32], // Oracle Cloud metadata (legacy)
  ["224.0.0.0", 4],
  ["240.0.0.0", 4], // reserved, and 255.255.255.255
];
const NEVER_V6: Range[] = [
  ["::", 128],
  ["fe80::", 10],
  ["fd00:ec2::254", 128], // AWS metadata over IPv6
  ["ff00::", 8],
];
const PRIVATE_V4: Range[] = [
  ["127.0.0.0", 8],
  ["10.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["100.64.0.0", 10],
  ["192.0.0.0", 24],
  ["198.18.0.0", 15],
];
const PRIVATE_V6: Range[] = [
  ["::1", 128],
  ["fc00::", 7],
  ["fec0::", 10], // deprecated site-local, still routed inside some networks
];

const blockList = (v4: Range[], v6: Range[]) => {
  const b = new BlockList();
  for (const [n, p] of v4) b.addSubnet(n, p, "ipv4");
  for (const [n, p] of v6) b.addSubnet(n, p, "ipv6");
  return b;
};
const NEVER = blockList(NEVER_V4, NEVER_V6);
const PRIVATE = blockList(PRIVATE_V4, PRIVATE_V6);

/** ::ffff:a.b.c.d (either spelling) → a.b.c.d; anything else unchanged, brackets removed. */
export function plainAddress(address: string): string {
  const a = address.replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) return mapped[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(a);
  if (hex) {
    const n = (Number.parseInt(hex[1]!, 16) << 16) | Number.parseInt(hex[2]!, 16);
    return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
  }
  return a;
}

export type AddressClass = "never" | "private" | "public";

export function classifyAddress(address: string): AddressClass {
  const a = plainAddress(address);
  const family = isIP(a);
  if (family === 0) return "never"; // not an address at all: nothing to connect to
  const type = family === 4 ? "ipv4" : "ipv6";
  if (NEVER.check(a, type)) return "never";
  if (PRIVATE.check(a, type)) return "private";
  return "public";
}

/** Entries of OUTBOUND_ALLOW_PRIVATE_HOSTS: addresses, CIDR ranges and host names, comma-separated. */
export type AllowList = { addresses: BlockList; hosts: Set<string>; any: boolean };

export function parseAllowList(raw: string | undefined): AllowList {
  const list: AllowList = { addresses: new BlockList(), hosts: new Set(), any: false };
  for (const entry of (raw ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean)) {
    if (entry === "*") {
      list.any = true;
      continue;
    }
    const [net, bits] = entry.split("/") as [string, string | undefined];
    const addr = plainAddress(net);
    const family = isIP(addr);
    if (family === 0) {
      list.hosts.add(entry.replace(/\.$/, ""));
      continue;
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    const max = family === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max)
      throw new Error(`OUTBOUND_ALLOW_PRIVATE_HOSTS: "${entry}" has no valid prefix length (0–${max}).`);
    list.addresses.addSubnet(addr, prefix, type);
  }
  return list;
}

let cachedRaw: string | undefined;
let cachedList: AllowList | undefined;
/** The allow-list in force, read when used (tests and `npm start` set it before the first call). */
export function allowListFromEnv(): AllowList {
  const raw = process.env.OUTBOUND_ALLOW_PRIVATE_HOSTS;
  if (!cachedList || raw !== cachedRaw) {
    cachedList = parseAllowList(raw);
    cachedRaw = raw;
  }
  return cachedList;
}

const DESCRIBE: Record<Exclude<AddressClass, "public">, string> = {
  never: "link-local, cloud-metadata or reserved addresses",
  private: "loopback or private-network addresses",
};

/**
 * Why `host` (the URL's name) must not be reached at `address` (what it resolved to), or null.
 * The words fit after "Portier does not send webhooks to" / "read feeds from".
 */
export function refusalFor(address: string, host: string, allow: AllowList): string | null {
  const kind = classifyAddress(address);
  if (kind === "public") return null;
  if (kind === "private") {
    const a = plainAddress(address);
    if (
      allow.any ||
      allow.hosts.has(
        host
          .toLowerCase()
          .replace(/^\[|\]$/g, "")
          .replace(/\.$/, ""),
      )
    )
      return null;
    if (allow.addresses.check(a, isIP(a) === 4 ? "ipv4" : "ipv6")) return null;
  }
  return `${DESCRIBE[kind]} (${plainAddress(address)}${
    kind === "private" ? "; an administrator may allow it with OUTBOUND_ALLOW_PRIVATE_HOSTS" : ""
  })`;
}

/** An error that no retry can cure: the address is refused by policy, not unreachable. */
export class RefusedAddressError extends Error {
  constructor(readonly reason: string) {
    super(`refused: ${reason}`);
    this.name = "RefusedAddressError";
  }
}
