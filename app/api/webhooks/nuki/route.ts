// POST /api/webhooks/nuki – Nuki decentral webhooks (DEVICE_AUTHS, DEVICE_STATUS, DEVICE_LOGS, ACCOUNT_USER).
// Public route: authenticity comes only from the HMAC over the raw body. Before anything else the
// intake refuses a missing signature, caps the body and its nesting, and times out slow senders.
import { DEFAULT_CONNECTION_ID } from "@/db/schema";
import { getAccessContext } from "@/lib/runtime/context";
import { receiveNukiWebhook, webhookSecrets } from "@/lib/access/webhooks/receive-webhook";
import { nukiWebhookSecret } from "@/lib/env";
import { intakeWebhook } from "@/lib/http/webhook-intake";
import { metrics } from "@/lib/metrics/registry";
import { NUKI_SIGNATURE_HEADER } from "@/lib/nuki/webhook";
import { withRequest } from "@/lib/http/with-request";

export const POST = withRequest(async (request: Request) => {
  const arrivedAt = performance.now();
  const intake = await intakeWebhook(request, NUKI_SIGNATURE_HEADER);
  if (!intake.ok) {
    metrics().webhookDeliveries.inc({ feature: "unknown", result: "refused" });
    return Response.json({ error: intake.error }, { status: intake.status });
  }
  const ctx = await getAccessContext();
  const reply = await receiveNukiWebhook(
    ctx,
    intake.raw,
    request.headers.get(NUKI_SIGNATURE_HEADER),
    await webhookSecrets(ctx, nukiWebhookSecret()),
    arrivedAt,
    // The default connection's URL: events about another connection's locks are not applied here.
    DEFAULT_CONNECTION_ID,
  );
  return Response.json(reply.body, { status: reply.status });
});
