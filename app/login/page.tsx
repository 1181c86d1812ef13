import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/session";
import { isDemoMode } from "@/lib/env";
import { DEMO_CUSTOMER_LOGIN, DEMO_CUSTOMERS, DEMO_STAFF } from "@/lib/demo-building";
import { LoginForm } from "./login-form";

export const metadata = { title: "Sign in · Portier" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const actor = await getActor();
  if (actor) redirect(actor.role === "customer" ? "/portal" : "/calendar");
  const { next } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 p-6">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <h1 className="text-2xl font-semibold text-slate-900">Portier</h1>
          <p className="text-sm text-slate-600">Door access for your building</p>
        </div>
        <div className="card p-6">
          <LoginForm next={next} />
        </div>
        {isDemoMode() ? (
          <div className="card p-4 text-xs text-slate-700" data-testid="demo-accounts">
            <p className="mb-1 font-medium text-slate-900">Demo accounts</p>
            <ul className="space-y-0.5 font-mono [overflow-wrap:anywhere]">
              {DEMO_STAFF.map((s) => (
                <li key={s.email}>
                  {s.email} / {s.password} <span className="text-slate-600">({s.role})</span>
                </li>
              ))}
              <li>
                {DEMO_CUSTOMERS[DEMO_CUSTOMER_LOGIN.customerIndex]!.email} / {DEMO_CUSTOMER_LOGIN.password}{" "}
                <span className="text-slate-600">(customer)</span>
              </li>
            </ul>
            <p className="mt-2">
              Customers normally sign in by emailed link at{" "}
              <a className="text-indigo-700 underline" href="/portal/login">
                /portal/login
              </a>
              .
            </p>
          </div>
        ) : null}
      </div>
    </main>
  );
}
