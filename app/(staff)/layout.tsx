import type { ReactNode } from "react";
import { NavLinks, type NavItem } from "@/components/shell/nav-links";
import { signOutAction } from "@/app/actions/session";
import { requirePageActor } from "@/lib/auth/session";
import { can, type Permission } from "@/lib/auth/permissions";
import { isDemoMode } from "@/lib/env";
import { getDb } from "@/db/bootstrap";
import { tokenNotice } from "@/lib/access/operations/token-health";
import { TokenRefusedBanner } from "@/components/shell/token-refused-banner";

const NAV: (NavItem & { permission: Permission })[] = [
  { href: "/today", label: "Today", permission: "activity.read" },
  { href: "/calendar", label: "Calendar", permission: "access.read" },
  { href: "/timeline", label: "Timeline", permission: "access.read" },
  { href: "/customers", label: "Customers", permission: "customers.read" },
  { href: "/doors", label: "Doors", permission: "doors.read" },
  { href: "/sites", label: "Sites", permission: "doors.read" },
  { href: "/feeds", label: "Feeds", permission: "access.read" },
  { href: "/at-risk", label: "At risk", permission: "activity.read" },
  { href: "/activity", label: "Activity", permission: "activity.read" },
  { href: "/audit", label: "Audit", permission: "audit.read" },
  { href: "/users", label: "Users", permission: "users.admin" },
  { href: "/settings/retention", label: "Retention", permission: "settings.admin" },
  { href: "/settings/api-keys", label: "API keys", permission: "settings.admin" },
  { href: "/settings/webhooks", label: "Webhooks", permission: "settings.admin" },
  { href: "/settings/nuki", label: "Nuki accounts", permission: "settings.admin" },
];

export default async function StaffLayout({ children }: { children: ReactNode }) {
  // Every staff role can read doors; each page checks its own permission again.
  const actor = await requirePageActor("doors.read", "/calendar");
  const refused = await tokenNotice(await getDb(), actor);
  return (
    <div className="min-h-screen">
      {refused ? <TokenRefusedBanner {...refused} isAdmin={actor.role === "admin"} /> : null}
      {/* Wraps rather than clips: at 200 % zoom or on a phone the name and Sign out stay on screen. */}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-[1400px] flex-wrap items-center gap-x-6 gap-y-1 px-4 py-2">
          <span className="font-semibold text-indigo-700">Portier</span>
          <NavLinks
            items={[
              ...NAV.filter((n) => can(actor.role, n.permission)),
              ...(isDemoMode() && can(actor.role, "customers.write") ? [{ href: "/outbox", label: "Outbox" }] : []),
            ]}
          />
          <div className="ml-auto flex flex-wrap items-center justify-end gap-x-3 gap-y-1 text-sm">
            {isDemoMode() ? (
              <span className="rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">
                Demo · simulated Nuki
              </span>
            ) : null}
            <span className="text-slate-700" data-testid="current-user">
              {actor.label} <span className="text-slate-600">({actor.role})</span>
            </span>
            <form action={signOutAction}>
              <button className="btn-secondary py-1" type="submit">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-[1400px] px-4 py-6">{children}</main>
    </div>
  );
}
