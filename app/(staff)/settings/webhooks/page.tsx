import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { listDoors } from "@/lib/access/directory/doors";
import { listDeliveries, listEndpoints } from "@/lib/access/outbound-webhooks/endpoints";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/model/webhook-events";
import { requirePageActor } from "@/lib/auth/session";
import { buildingZone, formatZoned } from "@/lib/time/format-zoned";
import {
  ResendDeliveryButton,
  WebhookEnabledToggle,
  WebhookEndpointForm,
} from "@/components/settings/webhook-controls";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Webhooks · Portier" };

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<{ endpoint?: string }> }) {
  const actor = await requirePageActor("settings.admin", "/settings/webhooks");
  const db = await getDb();
  const { endpoint: selectedParam } = await searchParams;
  const [endpoints, doors] = await Promise.all([listEndpoints(db, actor), listDoors(db, { actor })]);
  const selected = endpoints.find((e) => e.id === selectedParam) ?? null;
  const deliveries = selected ? await listDeliveries(db, actor, selected.id) : [];
  // Endpoints belong to no door: the building's clock, zone stated (as on Audit).
  const zone = buildingZone(doors.map((d) => d.timeZone));
  const when = (d: Date | null) => (d ? formatZoned(d, zone) : "—");
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Portier tells your systems what happens — windows created, changed or removed, access on the lock or failed, locks going offline, entries — as signed Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). Failed deliveries are retried with backoff for 24 hours; receivers deduplicate by webhook-id."
      />
      <div className="card mb-6 max-w-4xl p-6">
        <h2 className="mb-3 text-base font-semibold">New endpoint</h2>
        <WebhookEndpointForm />
      </div>
      {endpoints.length === 0 ? (
        <EmptyState title="No endpoints yet">Add one above for each system that should hear from Portier.</EmptyState>
      ) : (
        <div className="card mb-6 overflow-x-auto">
          <table className="table" data-testid="webhook-endpoints-table">
            <thead>
              <tr>
                <th>Receiver</th>
                <th>Events</th>
                <th>State</th>
                <th>Deliveries</th>
                <th>Created</th>
                <th></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {endpoints.map((e) => (
                <tr key={e.id}>
                  <td>
                    <code className="break-all text-xs">{e.url}</code>
                    {e.description ? <div className="text-xs text-slate-500">{e.description}</div> : null}
                  </td>
                  <td className="text-xs">
                    {e.eventTypes.map((t) => WEBHOOK_EVENT_TYPES[t as WebhookEventType] ?? t).join(", ")}
                  </td>
                  <td className="whitespace-nowrap">
                    {e.enabled ? <Badge tone="good">✓ enabled</Badge> : <Badge tone="bad">✕ disabled</Badge>}
                  </td>
                  <td className="whitespace-nowrap text-xs">
                    {e.delivered} delivered · {e.pending} waiting
                    {e.failed ? <span className="text-red-700"> · {e.failed} failed</span> : null}
                  </td>
                  <td className="text-xs">
                    {when(e.createdAt)}
                    {e.createdByName ? ` by ${e.createdByName}` : ""}
                  </td>
                  <td className="flex gap-2 whitespace-nowrap">
                    <Link className="btn-secondary py-1" href={`/settings/webhooks?endpoint=${e.id}`}>
                      Delivery log
                    </Link>
                    <WebhookEnabledToggle id={e.id} version={e.version} enabled={e.enabled} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected ? (
        <section aria-labelledby="delivery-log">
          <h2 id="delivery-log" className="mb-2 text-base font-semibold">
            Delivery log — <code className="break-all text-sm">{selected.url}</code>
          </h2>
          {deliveries.length === 0 ? (
            <EmptyState title="Nothing sent yet">Events this endpoint subscribes to appear here.</EmptyState>
          ) : (
            <div className="card overflow-x-auto">
              <table className="table" data-testid="webhook-deliveries-table">
                <thead>
                  <tr>
                    <th>Event</th>
                    <th>webhook-id</th>
                    <th>Status</th>
                    <th>Attempts</th>
                    <th>Last answer</th>
                    <th>Queued</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {deliveries.map((d) => (
                    <tr key={d.id}>
                      <td>{WEBHOOK_EVENT_TYPES[d.eventType as WebhookEventType] ?? d.eventType}</td>
                      <td>
                        <code className="text-xs">{d.eventId}</code>
                      </td>
                      <td>
                        {d.status === "delivered" ? (
                          <Badge tone="good">✓ delivered {when(d.deliveredAt)}</Badge>
                        ) : d.status === "failed" ? (
                          <Badge tone="bad">✕ failed</Badge>
                        ) : (
                          <Badge tone="warn">… next try {when(d.nextAttemptAt)}</Badge>
                        )}
                      </td>
                      <td>{d.attempts}</td>
                      <td className="text-xs">
                        {d.lastError ?? (d.lastResponseCode ? `HTTP ${d.lastResponseCode}` : "—")}
                        {d.lastAttemptAt ? <div className="text-slate-500">{when(d.lastAttemptAt)}</div> : null}
                      </td>
                      <td className="text-xs">{when(d.createdAt)}</td>
                      <td>{d.status === "pending" ? null : <ResendDeliveryButton id={d.id} />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}
