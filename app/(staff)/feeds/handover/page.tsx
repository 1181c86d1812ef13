import { getDb } from "@/db/bootstrap";
import { listHandover } from "@/lib/access/feeds/handover";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { formatZoned } from "@/lib/time/format-zoned";
import { HandoverButton } from "@/components/feeds/handover-button";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "To hand over · Portier" };

export default async function HandoverPage() {
  const actor = await requirePageActor("customers.read", "/feeds/handover");
  const rows = await listHandover(await getDb(), actor, Date.now());
  const canHand = can(actor.role, "customers.write");
  return (
    <>
      <PageHeader
        title="To hand over"
        description="Guests from booking feeds that gave no email address: nobody can send them their keypad code, so the desk hands it over."
      />
      {rows.length === 0 ? (
        <EmptyState title="Nothing to hand over">Every upcoming guest from a feed can be reached by email.</EmptyState>
      ) : (
        <div className="card overflow-x-auto">
          <table className="table" data-testid="handover-table">
            <thead>
              <tr>
                <th>Guest</th>
                <th>Door</th>
                <th>Arrives</th>
                <th>Leaves</th>
                <th>Feed</th>
                <th>Code</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.reservationId}>
                  <td className="font-medium text-slate-900">{r.guestName}</td>
                  <td>{r.doorName ?? "—"}</td>
                  <td>{r.timeZone ? formatZoned(r.startsAt, r.timeZone) : r.startsAt.toISOString()}</td>
                  <td>{r.timeZone ? formatZoned(r.endsAt, r.timeZone) : r.endsAt.toISOString()}</td>
                  <td>{r.feedName}</td>
                  <td className="space-x-2">
                    {r.grantStatus === "applied" ? (
                      <Badge tone="good">✓ On lock</Badge>
                    ) : (
                      <Badge tone="info">↻ Sending to lock</Badge>
                    )}
                    {r.handedOverAt ? <Badge tone="neutral">Handed over</Badge> : null}
                    {canHand ? (
                      <HandoverButton
                        reservationId={r.reservationId}
                        handedOver={r.handedOverAt !== null}
                        mayShowAgain={can(actor.role, "codes.reveal")}
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
