import { notFound } from "next/navigation";
import { getDb } from "@/db/bootstrap";
import { listOutbox } from "@/db/queries/outbox";
import { requirePageActor } from "@/lib/auth/session";
import { isDemoMode } from "@/lib/env";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Outbox · Portier" };

/** Demo mode only: the emails Portier would have sent (sign-in links, alerts), for the front desk to see. */
export default async function OutboxPage() {
  await requirePageActor("customers.write", "/outbox");
  if (!isDemoMode()) notFound();
  const mails = await listOutbox(await getDb());
  const fmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium" });
  return (
    <>
      <PageHeader
        title="Outbox (demo)"
        description="No email leaves a demo server; this is what would have been sent."
      />
      {mails.length === 0 ? (
        <EmptyState title="No messages yet" />
      ) : (
        <ul className="space-y-3" data-testid="outbox">
          {mails.map((m) => (
            <li key={m.id} className="card p-4 text-sm">
              <p className="text-xs text-slate-500">
                {fmt.format(m.createdAt)} · to {m.to} · {m.kind}
              </p>
              <p className="font-medium">{m.subject}</p>
              <pre className="mt-1 whitespace-pre-wrap font-sans text-slate-700">{m.body}</pre>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
