import { getDb } from "@/db/bootstrap";
import { listDoors } from "@/db/queries/doors";
import { requirePageActor } from "@/lib/auth/session";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Calendar · Portier" };

export default async function CalendarPage() {
  const actor = await requirePageActor("access.read", "/calendar");
  const doors = await listDoors(await getDb(), { actor });
  return (
    <>
      <PageHeader title="Access calendar" description={`${doors.length} doors`} />
      <EmptyState title="No access windows scheduled">
        The drag-and-drop calendar of customers&apos; windows per door is built on the access engine (issues 4 and 5).
      </EmptyState>
    </>
  );
}
