import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { unmanagedView } from "@/lib/access/adopt/unmanaged-view";
import { requirePageActor } from "@/lib/auth/session";
import { BulkAdoptButton } from "@/components/adopt/bulk-adopt-button";
import { UnmanagedList } from "@/components/adopt/unmanaged-list";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Unmanaged authorizations · Portier" };

export default async function UnmanagedAuthsPage() {
  const actor = await requirePageActor("doors.read", "/doors/unmanaged");
  const view = await unmanagedView(await getDb(), actor);
  return (
    <>
      <PageHeader
        title="On the locks, not managed by Portier"
        description="Authorizations someone put on the locks before or outside Portier (read at every resync). Adopt one to manage it here — nothing is re-created on the lock — or leave it alone: it keeps working, Portier counts its slot and never touches it."
        actions={
          <Link className="btn-secondary" href="/doors">
            All doors
          </Link>
        }
      />
      {view.canAdopt && view.items.length > 0 ? (
        <div className="mb-4">
          <BulkAdoptButton matches={view.matches} />
        </div>
      ) : null}
      {view.items.length === 0 ? (
        <EmptyState title="Nothing unmanaged">
          Every authorization on the locks is Portier&apos;s (or was adopted).
        </EmptyState>
      ) : (
        <div className="card p-2">
          <UnmanagedList items={view.items} showDoor canAdopt={view.canAdopt} customers={view.customers} />
        </div>
      )}
    </>
  );
}
