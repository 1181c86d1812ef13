import Link from "next/link";
import { isDemoMode } from "@/lib/env";
import { LinkRequestForm } from "./link-request-form";

export const metadata = { title: "Sign in · My access" };

export default function PortalLoginPage() {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 p-6">
      <div className="w-full max-w-sm space-y-4">
        <h1 className="text-center text-2xl font-semibold">My door access</h1>
        <div className="card p-6">
          <LinkRequestForm />
        </div>
        {isDemoMode() ? (
          <p className="text-center text-xs text-slate-700">
            Demo mode: no email leaves this server; the front desk sees the link in the outbox.
          </p>
        ) : null}
        <p className="text-center text-xs">
          <Link className="text-slate-700 underline" href="/login">
            Staff sign-in
          </Link>
        </p>
      </div>
    </main>
  );
}
