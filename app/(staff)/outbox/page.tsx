import { notFound } from "next/navigation";
import { getDb } from "@/db/bootstrap";
import { listDoors } from "@/lib/access/directory/doors";
import { listOutbox } from "@/db/queries/outbox";
import { buildingZone, formatZoned } from "@/lib/time/format-zoned";
import { requirePageActor } from "@/lib/auth/session";
import { isDemoMode } from "@/lib/env";
import { CODE_MARKER_RE } from "@/lib/model/message-templates";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Outbox · Portier" };

/** Demo mode only: the emails Portier would have sent (sign-in links, alerts), for the front desk to see. */
export default async function OutboxPage() {
  const actor = await requirePageActor("customers.write", "/outbox");
  if (!isDemoMode()) notFound();
  const db = await getDb();
  const [mails, doors] = await Promise.all([listOutbox(db), listDoors(db, { actor })]);
  const zone = buildingZone(doors.map((d) => d.timeZone));
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
            <li key={m.id} className="card p-4 text-sm [overflow-wrap:anywhere]">
              <p className="text-xs text-slate-600">
                <time dateTime={m.createdAt.toISOString()}>{formatZoned(m.createdAt, zone, "date-time-seconds")}</time>{" "}
                · to {m.to} · {m.kind}
              </p>
              <p className="font-medium">{m.subject}</p>
              {/* A guest's code is a reference written in only by the SMTP deliverer: never shown here. */}
              <pre className="mt-1 whitespace-pre-wrap font-sans text-slate-700">
                {m.body.replace(CODE_MARKER_RE, "•••••• (the code, written in when sent)")}
              </pre>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
