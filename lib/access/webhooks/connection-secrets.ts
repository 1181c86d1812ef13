import "server-only";
import { DEFAULT_CONNECTION_ID } from "@/db/schema";
import { connectionById } from "../connections/engine-connections";
import type { AccessContext } from "../context";
import { webhookSecrets } from "./receive-webhook";

/**
 * The secrets a delivery to one connection's URL may be signed with (issue #13): the default
 * connection's are those of the old single-account path (configured + registered); any other
 * connection's is only its own registration's. Null = no such connection (the route answers 404).
 * A secret of one account never verifies a delivery on another's URL.
 */
export async function connectionWebhookSecrets(
  ctx: AccessContext,
  connectionId: string,
  configured: string | undefined,
): Promise<string[] | null> {
  if (connectionId === DEFAULT_CONNECTION_ID) return webhookSecrets(ctx, configured);
  const row = await connectionById(ctx.db, connectionId);
  if (!row || row.disabledAt) return null;
  return row.webhookSecretEnc ? [ctx.vault.openText(row.webhookSecretEnc)] : [];
}
