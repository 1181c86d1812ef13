import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { listAudit } from "@/lib/access/directory/audit";
import { requirePageActor } from "@/lib/auth/session";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Audit · Portier" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const actor = await requirePageActor("audit.read", "/audit");
  const before = Number((await searchParams).before) || undefined;
  const { entries, nextCursor } = await listAudit(await getDb(), { actor, before });
  return (
    <>
      <PageHeader title="Audit trail" description="Every staff change, append-only and hash-chained." />
      {entries.length === 0 ? (
        <EmptyState title="Nothing recorded yet">
          Changes staff make to windows, customers and doors are listed here.
        </EmptyState>
      ) : (
        <div className="card overflow-x-auto">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>What</th>
                <th>Entity</th>
                <th>Change</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="whitespace-nowrap">{e.at.toLocaleString("en-GB")}</td>
                  <td>{e.actorLabel}</td>
                  <td>{e.action}</td>
                  <td className="font-mono text-xs">
                    {e.entityType}/{e.entityId.slice(0, 8)}
                  </td>
                  <td
                    className="max-w-md truncate font-mono text-xs"
                    title={JSON.stringify({ before: e.before, after: e.after })}
                  >
                    {JSON.stringify(e.before ?? null)} → {JSON.stringify(e.after ?? null)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {nextCursor ? (
            <div className="border-t border-slate-100 px-3 py-2 text-sm">
              <Link className="text-indigo-700 underline" href={`/audit?before=${nextCursor}`}>
                Older entries
              </Link>
            </div>
          ) : null}
        </div>
      )}
    </>
  );
}
