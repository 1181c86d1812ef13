import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { listDoors } from "@/lib/access/directory/doors";
import { requirePageActor } from "@/lib/auth/session";
import { formatZoned } from "@/lib/time/format-zoned";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Doors · Portier" };

export default async function DoorsPage() {
  const actor = await requirePageActor("doors.read", "/doors");
  const doors = await listDoors(await getDb(), { actor });
  return (
    <>
      <PageHeader
        title="Doors"
        description="Every door is one Nuki smart lock."
        actions={
          <Link className="btn-secondary" href="/doors/unmanaged">
            Not managed by Portier
          </Link>
        }
      />
      {doors.length === 0 ? (
        <EmptyState title="No doors yet">Doors appear here once their Nuki locks are imported.</EmptyState>
      ) : (
        <div className="card overflow-x-auto">
          <table className="table" data-testid="doors-table">
            <thead>
              <tr>
                <th>Door</th>
                <th>Group</th>
                <th>Lock</th>
                <th>Status</th>
                <th>Battery</th>
                <th>Time zone</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {doors.map((d) => (
                <tr key={d.id}>
                  <td className="font-medium text-slate-900">
                    <Link className="hover:underline" href={`/doors/${d.id}`}>
                      {d.name}
                    </Link>
                  </td>
                  <td>{d.groupName ?? "—"}</td>
                  <td className="font-mono text-xs">{d.smartlockId}</td>
                  <td>
                    {d.online ? (
                      <Badge tone="good">● Online</Badge>
                    ) : (
                      <Badge tone="bad">
                        ○ Offline
                        {d.offlineSince ? ` since ${formatZoned(d.offlineSince, d.timeZone)}` : ""}
                      </Badge>
                    )}
                  </td>
                  <td>
                    {d.batteryCritical ? (
                      <Badge tone="bad">! Critical</Badge>
                    ) : d.batteryCharge != null ? (
                      `${d.batteryCharge}%`
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>{d.timeZone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
