import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { inviteLinkState } from "@/lib/auth/staff-invites";
import { InviteForm } from "./invite-form";

export const metadata = { title: "Accept invite · Portier" };

/**
 * A staff invite link. Opening it only shows the form (mail scanners fetch links; a GET must not
 * consume anything); the link is used when the password is chosen.
 */
export default async function InvitePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const invite = await inviteLinkState(await getDb(), token);
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 p-6">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <h1 className="text-2xl font-semibold text-slate-900">Welcome to Portier</h1>
          {invite ? (
            <p className="text-sm text-slate-600">
              Choose a password for {invite.email} ({invite.role})
            </p>
          ) : null}
        </div>
        <div className="card space-y-4 p-6">
          {invite && token ? (
            <InviteForm token={token} email={invite.email} />
          ) : (
            <>
              <p role="alert" className="text-sm text-red-800">
                This invite has expired, was withdrawn or was already used. Ask an administrator to invite you again.
              </p>
              <Link className="btn-secondary w-full" href="/login">
                Sign in
              </Link>
            </>
          )}
        </div>
      </div>
    </main>
  );
}
