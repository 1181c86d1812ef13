import "server-only";
import type { Grant, ObservedAuth } from "@/db/schema";
import { AUTH_TYPE, type NukiAuth } from "@/lib/nuki/schemas";
import type { CodeVault } from "../codes/code-vault";
import { tagOf } from "../grants/auth-name";

/** The two kinds of auth Portier manages: app invites and keypad codes (Nuki's numbers, named once). */
export const PORTIER_AUTH_TYPES = [AUTH_TYPE.app, AUTH_TYPE.keypadCode] as const;
export type PortierAuthType = (typeof PORTIER_AUTH_TYPES)[number];
export const isPortierAuthType = (type: number): type is PortierAuthType =>
  (PORTIER_AUTH_TYPES as readonly number[]).includes(type);

export type GrantIdentity = Pick<Grant, "id" | "credential" | "nukiAuthId" | "codeHmac" | "doorId"> & {
  customerTag: string;
  accountUserId: number | null;
};

/** Nuki's auth as Portier stores it: the code reduced to "is it ours", never kept in clear. */
export function toObserved(auth: NukiAuth, grant: Pick<Grant, "codeHmac" | "doorId">, vault: CodeVault): ObservedAuth {
  return {
    name: auth.name,
    type: auth.type as PortierAuthType,
    enabled: auth.enabled,
    remoteAllowed: auth.remoteAllowed,
    accountUserId: auth.accountUserId ?? null,
    codeMatches:
      auth.type === AUTH_TYPE.keypadCode
        ? auth.code != null && vault.doorHmac(grant.doorId, auth.code) === grant.codeHmac
        : null,
    allowedFromDate: auth.allowedFromDate ?? null,
    allowedUntilDate: auth.allowedUntilDate ?? null,
    allowedWeekDays: auth.allowedWeekDays ?? 0,
    allowedFromTime: auth.allowedFromTime ?? 0,
    allowedUntilTime: auth.allowedUntilTime ?? 0,
    authId: auth.authId ?? null,
    lockCount: auth.lockCount ?? 0,
    lastActiveDate: auth.lastActiveDate ?? null,
    updateDate: auth.updateDate ?? null,
  };
}

/** A change to the auth is still travelling to the lock: Nuki's copy is not the lock's truth yet. */
export const inFlightOnNuki = (a: NukiAuth) => !!a.operationId || a.authId == null;

export type Match = { auth: NukiAuth; foreign: false } | { auth: NukiAuth; foreign: true } | null;

/**
 * Finds the grant's auth among a lock's auths without an id from the create call: by the id once
 * known; else by Nuki's natural keys — (lock, code) for keypad codes, (lock, account user) for app
 * auths — confirmed by Portier's tag in the name. A keypad code held by an auth without our tag
 * is someone else's ("foreign"): the code must change on this door.
 */
export function matchAuth(grant: GrantIdentity, auths: NukiAuth[], vault: CodeVault): Match {
  if (grant.nukiAuthId) {
    const byId = auths.find((a) => a.id === grant.nukiAuthId);
    if (byId) return { auth: byId, foreign: false };
  }
  if (grant.credential === "keypad") {
    const sameCode = auths.find(
      (a) =>
        a.type === AUTH_TYPE.keypadCode && a.code != null && vault.doorHmac(grant.doorId, a.code) === grant.codeHmac,
    );
    if (!sameCode) return null;
    return tagOf(sameCode.name) === grant.customerTag
      ? { auth: sameCode, foreign: false }
      : { auth: sameCode, foreign: true };
  }
  if (grant.accountUserId == null) return null;
  const sameUser = auths.find((a) => a.type === AUTH_TYPE.app && a.accountUserId === grant.accountUserId);
  return sameUser ? { auth: sameUser, foreign: false } : null;
}
