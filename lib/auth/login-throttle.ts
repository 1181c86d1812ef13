import "server-only";
import type { Db } from "@/db/client";
import { countRecentFailures } from "@/db/queries/users";

export const THROTTLE = {
  windowMs: 15 * 60_000,
  knownAddressDays: 30,
  perAccountAndAddress: 5,
  perAddress: 30,
  // Many failures on one account from many addresses (credential stuffing) block *new* addresses
  // only: an address that signed in as this account before keeps working, so an attacker cannot
  // lock the real user out.
  perAccountFromUnknownAddresses: 10,
} as const;

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMinutes: number; reason: string };

export async function checkLoginThrottle(
  db: Db,
  email: string,
  ip: string,
  now = new Date(),
): Promise<ThrottleVerdict> {
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const knownSince = new Date(now.getTime() - THROTTLE.knownAddressDays * 86_400_000);
  const c = await countRecentFailures(db, { email, ip, since, knownSince });
  const retryAfterMinutes = Math.ceil(THROTTLE.windowMs / 60_000);
  if (c.pair >= THROTTLE.perAccountAndAddress) return { allowed: false, retryAfterMinutes, reason: "account+address" };
  if (c.ip >= THROTTLE.perAddress) return { allowed: false, retryAfterMinutes, reason: "address" };
  if (!c.addressKnown && c.accountFromUnknownAddresses >= THROTTLE.perAccountFromUnknownAddresses) {
    return { allowed: false, retryAfterMinutes, reason: "account from unknown addresses" };
  }
  return { allowed: true };
}
