import { getDb } from "@/db/bootstrap";
import { signOutAction } from "@/app/actions/session";
import { customerAccess } from "@/lib/access/views/customer-access";
import { requirePageActor } from "@/lib/auth/session";
import { IcalLink, RequestInvite, RevealMyCode } from "@/components/portal/portal-controls";
import type { GrantStatus } from "@/lib/model/sync-state";
import { formatZoned } from "@/lib/time/format-zoned";

export const metadata = { title: "My access · Portier" };

// Plain words for the customer: what it means for them, not how the engine works.
const DOOR_STATE: Record<GrantStatus, string> = {
  applied: "Ready: the lock knows your access.",
  pending: "Being set up on the lock (usually under a minute).",
  awaiting_lock:
    "Being set up: the lock has not picked it up yet. If your visit is soon, please contact the front desk.",
  lock_offline:
    "The lock is offline right now; your access arrives when it reconnects. If you need in urgently, call the front desk.",
  failed:
    "Something went wrong setting up this door. The front desk has been told; please contact them if your visit is soon.",
  removing: "Being removed.",
  removed: "No access.",
};
const INVITE: Record<string, string> = {
  sending: "Invite being sent",
  sent: "Invite sent",
  accepted: "Invite accepted",
  expired: "Invite expired",
  not_sent: "",
};

export default async function PortalPage() {
  const actor = await requirePageActor("portal.self", "/portal");
  const view = actor.customerId ? await customerAccess(await getDb(), actor, actor.customerId) : null;
  return (
    <main className="mx-auto max-w-3xl space-y-6 p-4 sm:p-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold" data-testid="portal-name">
          Hello {view?.customer.name ?? actor.label}
        </h1>
        <form action={signOutAction}>
          <button className="btn-secondary" type="submit">
            Sign out
          </button>
        </form>
      </div>
      {!view ? (
        <p className="card p-6 text-sm">No customer record is linked to this sign-in.</p>
      ) : (
        <>
          {view.customer.preferredCredential === "keypad" && view.customer.hasCode ? (
            <section className="card p-6" aria-labelledby="code">
              <h2 id="code" className="mb-2 font-semibold">
                Your keypad code
              </h2>
              <RevealMyCode />
            </section>
          ) : null}
          <section className="card p-6" aria-labelledby="doors">
            <h2 id="doors" className="mb-2 font-semibold">
              Your doors
            </h2>
            {view.doors.length === 0 ? (
              <p className="text-sm text-slate-600">You have no door access yet.</p>
            ) : (
              <ul className="divide-y divide-slate-100" data-testid="portal-doors">
                {view.doors.map((d) => (
                  <li key={d.grantId} className="py-2 text-sm">
                    <p className="font-medium">{d.doorName}</p>
                    <p className="text-slate-600" data-state={d.status}>
                      {DOOR_STATE[d.status]}
                    </p>
                    {d.credential === "app" ? (
                      <p className="mt-1 flex items-center gap-2 text-xs">
                        {INVITE[d.invite.state]}
                        {d.invite.sentAt ? ` on ${formatZoned(d.invite.sentAt, d.timeZone)}` : ""}
                        {d.invite.state === "sent" && d.invite.expiresAt
                          ? `, redeem in the Nuki app before ${formatZoned(d.invite.expiresAt, d.timeZone)}`
                          : ""}
                        {d.invite.state === "expired" || d.status === "failed" ? (
                          <RequestInvite grantId={d.grantId} />
                        ) : null}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card p-6" aria-labelledby="windows">
            <h2 id="windows" className="mb-2 font-semibold">
              When you can enter
            </h2>
            {view.windows.length === 0 ? (
              <p className="text-sm text-slate-600" data-testid="portal-windows">
                You have no upcoming access windows.
              </p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm" data-testid="portal-windows">
                {view.windows.map((w) => (
                  <li key={w.id} className="py-2">
                    <span className="font-medium">{w.doorName}</span> · {w.describe}{" "}
                    <span className="text-slate-600">({w.timeZone} time)</span>
                  </li>
                ))}
              </ul>
            )}
            <div className="mt-4">
              <IcalLink />
            </div>
          </section>
          <section className="card p-6" aria-labelledby="entries">
            <h2 id="entries" className="mb-2 font-semibold">
              Your recent entries
            </h2>
            {view.entries.length === 0 ? (
              <p className="text-sm text-slate-600">No entries recorded yet.</p>
            ) : (
              <ul className="space-y-1 text-sm" data-testid="portal-entries">
                {view.entries.map((e) => (
                  <li key={e.id}>
                    <time dateTime={e.at.toISOString()}>{formatZoned(e.at, e.timeZone, "date-time-seconds")}</time> ·{" "}
                    {e.doorName} · {e.state === 0 ? "✓ opened" : "✕ refused"}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </main>
  );
}
