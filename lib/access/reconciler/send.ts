import "server-only";
import type { GrantStatus } from "@/db/schema";
import { AUTH_TYPE, type NukiAuthBulkUpdateItem } from "@/lib/nuki/schemas";
import { isNukiApiError, type NukiApiError } from "@/lib/nuki/errors";
import type { EngineContext } from "../context";
import type { ClaimedGrant } from "./claim";
import type { Decision } from "./decide";
import { markSent } from "./persist";

export type SendOutcome = { kind: "sent" } | { kind: "skipped" } | { kind: "error"; error: NukiApiError };
export type SendHooks = {
  /** Test hook: runs after Nuki accepted a call and before anything else is written (crash simulation). */
  afterSend?: (op: "create" | "update" | "delete", grants: ClaimedGrant[]) => void | Promise<void>;
  /**
   * True once the process is shutting down: calls not yet started are skipped (their grants are
   * finished as "due now" and released), so another worker takes them at once, not after the lease.
   */
  stopping?: () => boolean;
};

const chunks = <T>(xs: T[], n: number) =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/**
 * Sends what the decisions ask for with as few Nuki calls as the API allows: one multi-lock
 * PUT /smartlock/auth per distinct auth definition (a customer's window on many doors is one call),
 * bulk POST and DELETE /smartlock/auth for updates and deletions. Every call is preceded by a
 * fenced write-ahead mark, so only this worker sends it, and only for the version it decided on.
 */
export async function sendChanges(
  e: EngineContext,
  workerId: string,
  claimed: ClaimedGrant[],
  decisions: Map<string, Decision>,
  hooks: SendHooks = {},
): Promise<Map<string, SendOutcome>> {
  const out = new Map<string, SendOutcome>();
  const of = (kind: Decision["kind"]) => claimed.filter((g) => decisions.get(g.id)?.kind === kind);

  async function call(
    op: "create" | "update" | "delete",
    group: ClaimedGrant[],
    request: (marked: ClaimedGrant[]) => Promise<unknown>,
  ) {
    if (hooks.stopping?.()) {
      for (const g of group) out.set(g.id, { kind: "skipped" });
      return;
    }
    const status = (g: ClaimedGrant): GrantStatus =>
      !g.doorOnline ? "lock_offline" : op === "delete" ? "removing" : "pending";
    const markedIds = await markSent(e.db, {
      workerId,
      now: e.now(),
      op,
      grants: group.map((g) => ({ id: g.id, desiredVersion: g.desiredVersion, status: status(g) })),
    });
    for (const g of group) if (!markedIds.has(g.id)) out.set(g.id, { kind: "skipped" });
    const marked = group.filter((g) => markedIds.has(g.id));
    if (marked.length === 0) return;
    try {
      await request(marked);
    } catch (error) {
      if (!isNukiApiError(error)) throw error;
      for (const g of marked) out.set(g.id, { kind: "error", error });
      return;
    }
    await hooks.afterSend?.(op, marked);
    for (const g of marked) out.set(g.id, { kind: "sent" });
  }

  // Creates: group by identical definition (same code or account user, same restrictions and name).
  const groups = new Map<string, ClaimedGrant[]>();
  for (const g of of("create")) {
    const code = g.credential === "keypad" && g.codeEnc ? e.vault.decrypt(g.codeEnc) : null;
    const key = JSON.stringify([g.customerId, g.credential, code, g.desired]);
    groups.set(key, [...(groups.get(key) ?? []), g]);
  }
  for (const group of groups.values()) {
    const first = group[0]!;
    const d = first.desired!;
    await call("create", group, (marked) =>
      e.nuki.createAuthOnLocks({
        name: d.name,
        type: d.type,
        remoteAllowed: d.remoteAllowed,
        allowedFromDate: d.allowedFromDate,
        allowedUntilDate: d.allowedUntilDate,
        allowedWeekDays: d.allowedWeekDays,
        allowedFromTime: d.allowedFromTime,
        allowedUntilTime: d.allowedUntilTime,
        ...(d.type === AUTH_TYPE.keypadCode
          ? { code: e.vault.decrypt(first.codeEnc!) }
          : { accountUserId: first.accountUserId! }),
        smartlockIds: marked.map((g) => g.smartlockId),
      }),
    );
  }

  for (const chunk of chunks(of("update"), e.config.bulkChunk)) {
    await call("update", chunk, (marked) => {
      const items: NukiAuthBulkUpdateItem[] = marked.map((g) => {
        const d = g.desired!;
        return {
          id: g.nukiAuthId!,
          name: d.name,
          enabled: d.enabled,
          remoteAllowed: d.remoteAllowed,
          allowedFromDate: d.allowedFromDate,
          allowedUntilDate: d.allowedUntilDate,
          allowedWeekDays: d.allowedWeekDays,
          allowedFromTime: d.allowedFromTime,
          allowedUntilTime: d.allowedUntilTime,
          ...(d.type === AUTH_TYPE.keypadCode && g.codeEnc ? { code: e.vault.decrypt(g.codeEnc) } : {}),
        };
      });
      if (items.length > 1) return e.nuki.updateAuths(items);
      const { id, ...body } = items[0]!;
      return e.nuki.updateAuth(marked[0]!.smartlockId, id, body);
    });
  }

  for (const chunk of chunks(of("delete"), e.config.bulkChunk)) {
    await call("delete", chunk, (marked) =>
      marked.length === 1
        ? e.nuki.deleteAuth(marked[0]!.smartlockId, marked[0]!.nukiAuthId!)
        : e.nuki.deleteAuths(marked.map((g) => g.nukiAuthId!)),
    );
  }
  return out;
}
