import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { listApiKeys } from "@/lib/access/api-keys/keys";
import { listDoors } from "@/lib/access/directory/doors";
import { requirePageActor } from "@/lib/auth/session";
import { buildingZone, formatZoned } from "@/lib/time/format-zoned";
import { ApiKeyCreateForm, RevokeApiKeyButton } from "@/components/settings/api-key-controls";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "API keys · Portier" };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export default async function ApiKeysPage() {
  const actor = await requirePageActor("settings.admin", "/settings/api-keys");
  const db = await getDb();
  const [keys, doors] = await Promise.all([listApiKeys(db, actor), listDoors(db, { actor })]);
  // Keys belong to no door: the building's clock, zone stated (as on Audit).
  const zone = buildingZone(doors.map((d) => d.timeZone));
  const when = (d: Date | null) => (d ? formatZoned(d, zone) : "—");
  const now = Date.now();
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let a booking system or PMS use Portier's REST API (/api/v1). A read key reads like a manager; a read-write key schedules like the front desk. Every write is in the Audit trail under the key's name; reads are counted per hour."
      />
      <p className="mb-4 text-sm">
        <Link className="text-indigo-700 underline" href="/developers/api">
          API reference
        </Link>{" "}
        ·{" "}
        <a className="text-indigo-700 underline" href="/api/v1/openapi.json">
          OpenAPI document
        </a>
      </p>
      <div className="card mb-6 max-w-2xl p-6">
        <h2 className="mb-3 text-base font-semibold">New key</h2>
        <ApiKeyCreateForm />
      </div>
      {keys.length === 0 ? (
        <EmptyState title="No API keys yet">Create one above for each system that connects to Portier.</EmptyState>
      ) : (
        <DataTable
          testId="api-keys-table"
          columns={["Name", "Key", "Scope", "State", "Last used", "Last 24 h", "Created", ""]}
        >
          {keys.map((k) => {
            const expired = k.expiresAt !== null && k.expiresAt.getTime() <= now;
            return (
              <tr key={k.id}>
                <td className="font-medium">{k.name}</td>
                <td>
                  <code>{k.prefix}_…</code>
                </td>
                <td>{k.scope === "read_write" ? "read and write" : "read"}</td>
                <td>
                  {k.revokedAt ? (
                    <Badge tone="bad">✕ revoked {when(k.revokedAt)}</Badge>
                  ) : expired ? (
                    <Badge tone="bad">✕ expired {when(k.expiresAt)}</Badge>
                  ) : (
                    <Badge tone="good">✓ active{k.expiresAt ? `, expires ${when(k.expiresAt)}` : ""}</Badge>
                  )}
                </td>
                <td>{k.lastUsedAt ? when(k.lastUsedAt) : "never"}</td>
                <td className="whitespace-nowrap text-xs">
                  {plural(k.readsLast24h, "read")} · {plural(k.writesLast24h, "write")}
                  {k.refusedLast24h ? ` · ${k.refusedLast24h} refused` : ""}
                </td>
                <td className="text-xs">
                  {when(k.createdAt)}
                  {k.createdByName ? ` by ${k.createdByName}` : ""}
                </td>
                <td>{k.revokedAt ? null : <RevokeApiKeyButton id={k.id} name={k.name} />}</td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </>
  );
}
