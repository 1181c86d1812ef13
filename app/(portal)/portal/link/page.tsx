import Link from "next/link";
import { signInWithLinkAction } from "../actions";

export const metadata = { title: "Sign in · My access" };

/**
 * Opening the link only shows a button: mail scanners fetch links in emails, and a GET that
 * signed in would burn the one-time token before the customer ever clicked it.
 */
export default async function LinkPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string; expired?: string }>;
}) {
  const { token, expired } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 p-6">
      <div className="card w-full max-w-sm space-y-4 p-6 text-center">
        {expired || !token ? (
          <>
            <p role="alert" className="text-sm text-red-800">
              This link has expired or was already used.
            </p>
            <Link className="btn-primary" href="/portal/login">
              Ask for a new link
            </Link>
          </>
        ) : (
          <form action={signInWithLinkAction}>
            <input type="hidden" name="token" value={token} />
            <button type="submit" className="btn-primary w-full">
              Sign in to see my access
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
