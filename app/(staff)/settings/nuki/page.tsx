import { getDb } from "@/db/bootstrap";
import { listConnections } from "@/lib/access/connections/list-connections";
import { listDoors } from "@/lib/access/directory/doors";
import { requirePageActor } from "@/lib/auth/session";
import { buildingZone, formatZoned } from "@/lib/time/format-zoned";
import { NukiConnectionActions, NukiConnectionCreateForm } from "@/components/settings/nuki-connection-controls";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Nuki accounts · Portier" };

/** Settings → Nuki accounts (issue #13): every connected account with its health; admins only. */
export default async function NukiAccountsPage() {
  const actor = await requirePageActor("settings.admin", "/settings/nuki");
  const db = await getDb();
  const [connections, doors] = await Promise.all([listConnections(db, actor), listDoors(db, { actor })]);
  // Accounts belong to no one door: the building's clock, zone stated.
  const zone = buildingZone(doors.map((d) => d.timeZone));
  const when = (d: Date | null) => (d ? formatZoned(d, zone) : "never");
  return (
    <>
      <PageHeader
        title="Nuki accounts"
        description="Each Nuki account Portier reaches — one per building or owner — with its own token, request budget, webhook and health. A lock belongs to the account that lists it; one account's refusal or rate limit never holds another's changes."
      />
      <div className="card mb-6 overflow-x-auto">
        <table className="table" data-testid="nuki-connections-table">
          <thead>
            <tr>
              <th>Account</th>
              <th>Token</th>
              <th>Last good call</th>
              <th>Doors</th>
              <th>Changes on their way</th>
              <th>Budget</th>
              <th>Webhook</th>
              <th></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {connections.map((c) => (
              <tr key={c.id}>
                <td>
                  <div className="font-medium">{c.name}</div>
                  <div className="text-xs text-slate-600">
                    {c.apiBaseUrl}
                    {c.fromEnv ? " · from the environment (NUKI_API_TOKEN)" : ""}
                  </div>
                </td>
                <td>
                  {c.disabled ? (
                    <Badge tone="neutral">– disabled</Badge>
                  ) : c.tokenRefusedSince ? (
                    <Badge tone="bad">
                      ✕ refused ({c.tokenRefusedStatus ?? 401}) since {when(c.tokenRefusedSince)}
                    </Badge>
                  ) : (
                    <Badge tone="good">✓ accepted</Badge>
                  )}
                  {c.tokenHint ? <div className="mt-1 text-xs text-slate-600">ends {c.tokenHint}</div> : null}
                </td>
                <td className="text-xs">
                  {when(c.lastOkAt)}
                  {c.lastError ? <div className="text-red-800">{c.lastError}</div> : null}
                </td>
                <td>{c.doors}</td>
                <td>{c.pendingGrants}</td>
                <td className="whitespace-nowrap text-xs">
                  {c.requestsPerSec}/s, burst {c.burst}
                </td>
                <td>{c.fromEnv ? "—" : c.webhookRegistered ? "✓ registered" : "not yet (resync only)"}</td>
                <td>
                  {c.fromEnv ? (
                    <span className="text-xs text-slate-600">Change in the environment and restart.</span>
                  ) : (
                    <NukiConnectionActions
                      id={c.id}
                      name={c.name}
                      version={c.version}
                      disabled={c.disabled}
                      doors={c.doors}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card max-w-3xl p-6">
        <h2 className="mb-3 text-base font-semibold">Connect another Nuki account</h2>
        <NukiConnectionCreateForm />
      </div>
    </>
  );
}
