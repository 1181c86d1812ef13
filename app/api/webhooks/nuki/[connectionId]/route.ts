// POST /api/webhooks/nuki/<connectionId> – one Nuki account's webhooks (issue #13: several accounts).
// Verified with that connection's own secret on the raw body (constant time), and applied only to
// that connection's doors. /api/webhooks/nuki (no id) stays the default connection's.
import { z } from "zod";
import { connectionWebhookSecrets } from "@/lib/access/webhooks/connection-secrets";
import { receiveNukiWebhook } from "@/lib/access/webhooks/receive-webhook";
import { nukiWebhookSecret } from "@/lib/env";
import { intakeWebhook } from "@/lib/http/webhook-intake";
import { withRequest } from "@/lib/http/with-request";
import { metrics } from "@/lib/metrics/registry";
import { NUKI_SIGNATURE_HEADER } from "@/lib/nuki/webhook";
import { getAccessContext } from "@/lib/runtime/context";

const connectionId = z.string().regex(/^(default|[0-9a-f-]{36})$/, "not a connection id");

export const POST = withRequest(async (request: Request, { params }: { params: Promise<{ connectionId: string }> }) => {
  const arrivedAt = performance.now();
  const id = connectionId.safeParse((await params).connectionId);
  if (!id.success) return Response.json({ error: "unknown connection" }, { status: 404 });
  const intake = await intakeWebhook(request, NUKI_SIGNATURE_HEADER);
  if (!intake.ok) {
    metrics().webhookDeliveries.inc({ feature: "unknown", result: "refused" });
    return Response.json({ error: intake.error }, { status: intake.status });
  }
  const ctx = await getAccessContext();
  const secrets = await connectionWebhookSecrets(ctx, id.data, nukiWebhookSecret());
  if (!secrets) return Response.json({ error: "unknown connection" }, { status: 404 });
  const reply = await receiveNukiWebhook(
    ctx,
    intake.raw,
    request.headers.get(NUKI_SIGNATURE_HEADER),
    secrets,
    arrivedAt,
    id.data,
  );
  return Response.json(reply.body, { status: reply.status });
});
