import { Suspense } from "react";
import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { listCustomers } from "@/db/queries/customers";
import { listDoors } from "@/db/queries/doors";
import { AccessCalendar } from "@/components/calendar/access-calendar";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";

export const metadata = { title: "Calendar · Portier" };

export default async function CalendarPage() {
  const actor = await requirePageActor("access.read", "/calendar");
  const db = await getDb();
  const [doors, customers] = await Promise.all([listDoors(db, { actor }), can(actor.role, "customers.read") ? listCustomers(db, { actor }) : []]);
  const canWrite = can(actor.role, "access.write");
  return (
    <>
      <PageHeader title="Access calendar"
        description={canWrite ? "Drag on empty space to give a customer a window; drag a window to move it, its edges to resize it." : "Read-only: who may enter which door when, and whether each lock holds it."}
        actions={canWrite ? <Link className="btn-secondary" href="/calendar/bulk">Bulk assign…</Link> : null} />
      {doors.length === 0 ? (
        <EmptyState title="No doors yet">Import the building&apos;s Nuki locks first.</EmptyState>
      ) : (
        <Suspense fallback={<p className="text-sm text-slate-500">Loading calendar…</p>}>
          <AccessCalendar canWrite={canWrite}
            doors={doors.map((d) => ({ id: d.id, name: d.name, groupName: d.groupName, online: d.online }))}
            customers={customers.map((c) => ({ id: c.id, name: c.name, email: c.email, groupName: c.groupName }))} />
        </Suspense>
      )}
    </>
  );
}
