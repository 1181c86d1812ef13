import "server-only";
import { eq } from "drizzle-orm";
import { connectionAccountUsers, customers, DEFAULT_CONNECTION_ID } from "@/db/schema";
import { isNukiApiError } from "@/lib/nuki/errors";
import { connectionOf } from "../connections/manage-connections";
import type { EngineContext } from "../context";
import type { ClaimedGrant } from "./claim";

/**
 * App invites need a Nuki account user per customer (PUT /account/user, synchronous, §4). Looked
 * up by email first, so a retry after a crash finds the one already made instead of a second.
 */
export async function ensureAccountUsers(e: EngineContext, claimed: ClaimedGrant[]) {
  const needing = new Map<string, ClaimedGrant[]>();
  for (const g of claimed)
    if (g.credential === "app" && g.desired && g.accountUserId == null)
      needing.set(g.customerId, [...(needing.get(g.customerId) ?? []), g]);
  for (const [customerId, list] of needing) {
    const { customerEmail: email, customerName: name } = list[0]!;
    try {
      let user = (await e.nuki.listAccountUsers({ email })).find((u) => u.email.toLowerCase() === email.toLowerCase());
      if (!user) {
        try {
          user = await e.nuki.createAccountUser({ email, name: name.slice(0, 64) });
        } catch (error) {
          if (!isNukiApiError(error) || error.kind !== "conflict") throw error;
          user = (await e.nuki.listAccountUsers({ email })).find((u) => u.email.toLowerCase() === email.toLowerCase());
        }
      }
      if (!user) continue;
      // Kept per Nuki account: the same customer has another account user on each connection.
      if (connectionOf(e) === DEFAULT_CONNECTION_ID)
        await e.db.update(customers).set({ nukiAccountUserId: user.accountUserId }).where(eq(customers.id, customerId));
      else
        await e.db
          .insert(connectionAccountUsers)
          .values({ connectionId: connectionOf(e), customerId, accountUserId: user.accountUserId })
          .onConflictDoUpdate({
            target: [connectionAccountUsers.connectionId, connectionAccountUsers.customerId],
            set: { accountUserId: user.accountUserId },
          });
      for (const g of list) g.accountUserId = user.accountUserId;
    } catch (error) {
      if (!isNukiApiError(error)) throw error;
      console.warn(`[reconciler] account user for customer ${customerId} not ready: ${error.kind}`);
    }
  }
}
