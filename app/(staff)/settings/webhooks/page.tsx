import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { listDoors } from "@/lib/access/directory/doors";
import { listDeliveries, listEndpoints } from "@/lib/access/outbound-webhooks/endpoints";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/model/webhook-events";
import { requirePageActor } from "@/lib/auth/session";
import { buildingZone, formatZoned } from "@/lib/time/format-zoned";
import {
  DeleteEndpointButton,
  ResendDeliveryButton,
  RotateSecretControl,
  WebhookEnabledToggle,
  WebhookEndpointForm,
} from "@/components/settings/webhook-controls";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Webhooks · Portier" };

export default async function WebhooksPage({
  searchParams,
}: {
  searchParams: Promise<{ endpoint?: string; edit?: string }>;
}) {
  const actor = await requirePageActor("settings.admin", "/settings/webhooks");
  const db = await getDb();
  const { endpoint: selectedParam, edit: editParam } = await searchParams;
  const [endpoints, doors] = await Promise.all([listEndpoints(db, actor), listDoors(db, { actor })]);
  const selected = endpoints.find((e) => e.id === selectedParam) ?? null;
  const editing = endpoints.find((e) => e.id === editParam) ?? null;
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
      {editing ? (
        <section className="card mb-6 max-w-4xl space-y-6 p-6" aria-labelledby="edit-endpoint">
          <div>
            <h2 id="edit-endpoint" className="mb-3 text-base font-semibold">
              Edit endpoint
            </h2>
            {/* Keyed by version: after someone else's change the form starts again from the fresh row. */}
            <WebhookEndpointForm key={`${editing.id}:${editing.version}`} editing={editing} />
          </div>
          <div>
            <h3 className="text-sm font-semibold">Signing secret</h3>
            <p className="mb-2 text-sm text-slate-600">
              {editing.previousSecretExpiresAt && editing.previousSecretExpiresAt.getTime() > Date.now()
                ? `Rotated ${when(editing.secretRotatedAt)}: deliveries carry the new and the old signature until ${when(editing.previousSecretExpiresAt)}.`
                : editing.secretRotatedAt
                  ? `Last rotated ${when(editing.secretRotatedAt)}.`
                  : "Never rotated."}{" "}
              Rotating shows a new secret once; the old one keeps signing alongside it for the hours you choose.
            </p>
            {/* Not keyed by version: the new secret it shows must survive the refresh its rotation causes. */}
            <RotateSecretControl id={editing.id} version={editing.version} url={editing.url} />
          </div>
          <div>
            <h3 className="text-sm font-semibold">Delete</h3>
            <p className="mb-2 text-sm text-slate-600">
              The endpoint and its delivery log are deleted; deliveries still waiting are dropped. The Audit trail keeps
              what it was.
            </p>
            <DeleteEndpointButton id={editing.id} version={editing.version} url={editing.url} />
          </div>
        </section>
      ) : (
        <div className="card mb-6 max-w-4xl p-6">
          <h2 className="mb-3 text-base font-semibold">New endpoint</h2>
          <WebhookEndpointForm />
        </div>
      )}
      {endpoints.length === 0 ? (
        <EmptyState title="No endpoints yet">Add one above for each system that should hear from Portier.</EmptyState>
      ) : (
        <DataTable
          testId="webhook-endpoints-table"
          className="mb-6"
          columns={["Receiver", "Events", "State", "Deliveries", "Created", ""]}
        >
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
                {e.previousSecretExpiresAt && e.previousSecretExpiresAt.getTime() > Date.now() ? (
                  <div className="mt-1 text-xs text-slate-600">
                    two secrets sign until {when(e.previousSecretExpiresAt)}
                  </div>
                ) : null}
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
                <Link className="btn-secondary py-1" href={`/settings/webhooks?edit=${e.id}`}>
                  Edit
                </Link>
                <WebhookEnabledToggle id={e.id} version={e.version} enabled={e.enabled} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {selected ? (
        <section aria-labelledby="delivery-log">
          <h2 id="delivery-log" className="mb-2 text-base font-semibold">
            Delivery log — <code className="break-all text-sm">{selected.url}</code>
          </h2>
          {deliveries.length === 0 ? (
            <EmptyState title="Nothing sent yet">Events this endpoint subscribes to appear here.</EmptyState>
          ) : (
            <DataTable
              testId="webhook-deliveries-table"
              columns={["Event", "webhook-id", "Status", "Attempts", "Last answer", "Queued", ""]}
            >
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
            </DataTable>
          )}
        </section>
      ) : null}
    </>
  );
}
