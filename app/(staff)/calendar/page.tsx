import { Suspense } from "react";
import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { listCustomers } from "@/lib/access/directory/customers";
import { listDoors } from "@/lib/access/directory/doors";
import { AccessCalendar } from "@/components/calendar/access-calendar";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";

export const metadata = { title: "Calendar · Portier" };

/** The calendar draws one clock: the zone most of the building's doors are in. */
function buildingZone(zones: string[]): string {
  const counts = new Map<string, number>();
  for (const z of zones) counts.set(z, (counts.get(z) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "UTC";
}

export default async function CalendarPage() {
  const actor = await requirePageActor("access.read", "/calendar");
  const db = await getDb();
  const [doors, customers] = await Promise.all([
    listDoors(db, { actor }),
    can(actor.role, "customers.read") ? listCustomers(db, { actor }) : [],
  ]);
  const canWrite = can(actor.role, "access.write");
  return (
    <>
      <PageHeader
        title="Access calendar"
        description={
          canWrite
            ? "Drag on empty space to give a customer a window; drag a window to move it, its edges to resize it."
            : "Read-only: who may enter which door when, and whether each lock holds it."
        }
        actions={
          canWrite ? (
            <Link className="btn-secondary" href="/calendar/bulk">
              Bulk assign…
            </Link>
          ) : null
        }
      />
      {doors.length === 0 ? (
        <EmptyState title="No doors yet">Import the building&apos;s Nuki locks first.</EmptyState>
      ) : (
        <Suspense fallback={<p className="text-sm text-slate-500">Loading calendar…</p>}>
          <AccessCalendar
            canWrite={canWrite}
            timeZone={buildingZone(doors.map((d) => d.timeZone))}
            doors={doors.map((d) => ({ id: d.id, name: d.name, groupName: d.groupName, online: d.online }))}
            customers={customers.map((c) => ({ id: c.id, name: c.name, email: c.email, groupName: c.groupName }))}
          />
        </Suspense>
      )}
    </>
  );
}
