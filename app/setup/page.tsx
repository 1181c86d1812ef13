import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { setupLinkState } from "@/lib/auth/setup-link";
import { SetupForm } from "./setup-form";

export const metadata = { title: "Set up · Portier" };

/**
 * The first admin of a fresh production install. Only a valid, unused, unexpired setup link (printed
 * by the server at start) shows the form; once anyone exists, this page only says setup is done.
 */
export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const state = await setupLinkState(await getDb(), token);
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 p-6">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <h1 className="text-2xl font-semibold text-slate-900">Set up Portier</h1>
          <p className="text-sm text-slate-600">Create the first administrator</p>
        </div>
        <div className="card space-y-4 p-6" data-testid="setup-state" data-state={state}>
          {state === "valid" && token ? (
            <SetupForm token={token} />
          ) : state === "done" ? (
            <>
              <p className="text-sm text-slate-700">Setup is done: an administrator exists.</p>
              <Link className="btn-primary w-full" href="/login">
                Sign in
              </Link>
            </>
          ) : (
            <p role="alert" className="text-sm text-red-800">
              This setup link has expired or was already used. Restart Portier: while there are no users, it prints a
              new link at every start.
            </p>
          )}
        </div>
      </div>
    </main>
  );
}
