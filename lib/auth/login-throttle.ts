import "server-only";
import type { DbOrTx } from "@/db/client";
import { countRecentFailures } from "@/db/queries/users";

export const THROTTLE = {
  windowMs: 15 * 60_000,
  knownAddressDays: 30,
  perAccountAndAddress: 5,
  perAddress: 30,
  // Many failures on one account from many addresses (credential stuffing) switch the account into
  // a guarded mode for the window: addresses that signed in as this account before keep their
  // normal limits, and any other address gets `triesPerNewAddressWhenGuarded` tries. Why not refuse
  // new addresses outright: forged or borrowed failures would then lock the real user out of a new
  // network (issue 14 item 4). Why not ignore the stuffing count: a botnet would get 5 guesses per
  // address. One try per new address keeps the real user's first (correct) attempt working while an
  // attacker's guesses stay bounded by the addresses they own, and the breached-password check at
  // password-setting time keeps the likely guesses off the table.
  perAccountFromUnknownAddresses: 10,
  triesPerNewAddressWhenGuarded: 1,
} as const;

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMinutes: number; reason: string };

export async function checkLoginThrottle(
  db: DbOrTx,
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
  if (
    !c.addressKnown &&
    c.accountFromUnknownAddresses >= THROTTLE.perAccountFromUnknownAddresses &&
    c.pair >= THROTTLE.triesPerNewAddressWhenGuarded
  ) {
    return { allowed: false, retryAfterMinutes, reason: "account from unknown addresses" };
  }
  return { allowed: true };
}
