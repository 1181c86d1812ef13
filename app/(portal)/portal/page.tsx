import { getDb } from "@/db/bootstrap";
import { getCustomer } from "@/db/queries/customers";
import { signOutAction } from "@/app/actions/session";
import { requirePageActor } from "@/lib/auth/session";

export const metadata = { title: "My access · Portier" };

export default async function PortalPage() {
  const actor = await requirePageActor("portal.self", "/portal");
  const me = actor.customerId ? await getCustomer(await getDb(), { actor, id: actor.customerId }) : null;
  return (
    <main className="mx-auto max-w-2xl p-6">
      <div className="mb-6 flex items-center justify-between">
        <h1 className="text-xl font-semibold">Hello {me?.name ?? actor.label}</h1>
        <form action={signOutAction}><button className="btn-secondary" type="submit">Sign out</button></form>
      </div>
      <div className="card p-6 text-sm text-slate-600" data-testid="portal-windows">
        You have no upcoming access windows yet.
      </div>
    </main>
  );
}
