import { AUTH_TYPE, isValidKeypadCode } from "../schemas";
import { invalidParam, javaError, restletError } from "./responses";
import type { SimAuth, SimConfig, SimLock, SimResponse } from "./types";

const isoOrNull = (v: unknown) =>
  v === undefined || v === null || (typeof v === "string" && !Number.isNaN(Date.parse(v)));
const intIn = (v: unknown, min: number, max: number) =>
  v === undefined || v === null || (Number.isInteger(v) && (v as number) >= min && (v as number) <= max);

/** Field checks shared by create and update; null when fine. */
export function validateRestrictions(body: Record<string, unknown>): SimResponse | null {
  for (const k of ["allowedFromDate", "allowedUntilDate"]) if (!isoOrNull(body[k])) return invalidParam(k, body[k]);
  if (!intIn(body.allowedWeekDays, 0, 127)) return invalidParam("allowedWeekDays", body.allowedWeekDays);
  for (const k of ["allowedFromTime", "allowedUntilTime"])
    if (!intIn(body[k], 0, 1440)) return invalidParam(k, body[k]);
  if (typeof body.name !== "string" || body.name.length === 0) return invalidParam("name", body.name);
  if (body.name.length > 32) return invalidParam("name", body.name);
  return null;
}

/**
 * A create on one lock, checked against what the lock has and what is already on its way to it.
 * Rules: keypad paired for type 13 (forum/16794), code format (§3.5), name ≤ 20 for codes → 422
 * (forum/35593), code unique per lock → 409 (forum/22160), one auth per account user per lock
 * (forum/32580; the status for a second one is unknown, 409 here [INF]), slot limits (§3.8,
 * synchronous 422 here [INF]).
 */
export function validateCreate(
  body: Record<string, unknown>,
  lock: SimLock,
  existing: SimAuth[],
  config: SimConfig,
  accountUserExists: (id: number) => boolean,
): SimResponse | null {
  const bad = validateRestrictions(body);
  if (bad) return bad;
  const type = body.type ?? 0;
  if (type !== AUTH_TYPE.app && type !== AUTH_TYPE.keypadCode) return invalidParam("type", type);
  if (typeof body.remoteAllowed !== "boolean") return invalidParam("remoteAllowed", body.remoteAllowed);
  if (type === AUTH_TYPE.keypadCode) {
    if (!lock.keypadPaired) return invalidParam("type", AUTH_TYPE.keypadCode);
    if (body.code === undefined || body.code === null) return invalidParam("code", null);
    if (!Number.isInteger(body.code) || !isValidKeypadCode(body.code as number)) return invalidParam("code", body.code);
    if ((body.name as string).length > 20)
      return restletError("The name of a keypad code must not exceed 20 characters");
    if (existing.some((a) => a.type === AUTH_TYPE.keypadCode && a.code === body.code))
      return javaError(409, "The code already exists on this smartlock");
    const maxCodes = lock.maxKeypadCodes ?? config.maxKeypadCodes;
    if (existing.filter((a) => a.type === AUTH_TYPE.keypadCode).length >= maxCodes)
      return restletError(`P_ERROR_MAX_USER: the limit of ${maxCodes} keypad codes is reached`);
  } else {
    if (body.code !== undefined && body.code !== null) return invalidParam("code", body.code);
    if (!Number.isInteger(body.accountUserId) || !accountUserExists(body.accountUserId as number))
      return invalidParam("accountUserId", body.accountUserId);
    if (existing.some((a) => a.type === AUTH_TYPE.app && a.accountUserId === body.accountUserId))
      return javaError(409, "The account user already has an authorization on this smartlock");
    if (existing.filter((a) => a.type === AUTH_TYPE.app).length >= config.maxAppAuths)
      return restletError(`P_ERROR_MAX_USER: the limit of ${config.maxAppAuths} authorizations is reached`);
  }
  return null;
}

/** An update replaces the auth; a new code must still be unique on the lock. */
export function validateUpdate(
  body: Record<string, unknown>,
  target: SimAuth,
  siblings: SimAuth[],
): SimResponse | null {
  const bad = validateRestrictions(body);
  if (bad) return bad;
  if (body.code !== undefined && body.code !== null) {
    if (target.type !== AUTH_TYPE.keypadCode || !Number.isInteger(body.code) || !isValidKeypadCode(body.code as number))
      return invalidParam("code", body.code);
    if (siblings.some((a) => a.id !== target.id && a.type === AUTH_TYPE.keypadCode && a.code === body.code))
      return javaError(409, "The code already exists on this smartlock");
  }
  if (target.type === AUTH_TYPE.keypadCode && (body.name as string).length > 20)
    return restletError("The name of a keypad code must not exceed 20 characters");
  return null;
}
