import { getDb } from "@/db/bootstrap";
import { listCustomers } from "@/lib/access/directory/customers";
import { listDoors } from "@/lib/access/directory/doors";
import { BulkAssignForm } from "@/components/calendar/bulk-assign-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";

export const metadata = { title: "Bulk assign · Portier" };

export default async function BulkAssignPage() {
  const actor = await requirePageActor("access.write", "/calendar/bulk");
  const db = await getDb();
  const [customers, doors] = await Promise.all([listCustomers(db, { actor }), listDoors(db, { actor })]);
  return (
    <>
      <PageHeader
        title="Bulk assign"
        description="Give a group of customers the same window on a group of doors. Nuki gets one call per customer for all doors."
      />
      <BulkAssignForm
        customers={customers.map((c) => ({ id: c.id, name: c.name, email: c.email, groupName: c.groupName }))}
        doors={doors.map((d) => ({ id: d.id, name: d.name, groupName: d.groupName, online: d.online }))}
        timeZone={doors[0]?.timeZone ?? "UTC"}
      />
    </>
  );
}
