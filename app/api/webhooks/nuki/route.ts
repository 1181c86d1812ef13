// POST /api/webhooks/nuki – Nuki decentral webhooks (DEVICE_AUTHS, DEVICE_STATUS, DEVICE_LOGS, ACCOUNT_USER).
// Public route: authenticity comes only from the HMAC over the raw body, so text() is read before anything else.
import { getAccessContext } from "@/lib/runtime/context";
import { receiveNukiWebhook, webhookSecrets } from "@/lib/access/webhooks/receive-webhook";
import { nukiWebhookSecret } from "@/lib/env";
import { NUKI_SIGNATURE_HEADER } from "@/lib/nuki/webhook";

export async function POST(request: Request) {
  const raw = await request.text();
  const ctx = await getAccessContext();
  const reply = await receiveNukiWebhook(
    ctx,
    raw,
    request.headers.get(NUKI_SIGNATURE_HEADER),
    await webhookSecrets(ctx, nukiWebhookSecret()),
  );
  return Response.json(reply.body, { status: reply.status });
}
