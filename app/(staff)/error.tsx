"use client";

/**
 * What staff see when a page breaks. A digest means the server failed to render (Next.js attaches
 * one to server errors only); without one the page broke in the browser — then it is our page's
 * fault, not the database's, and the words must not send anyone to check the database.
 */
export default function StaffError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const server = Boolean(error.digest);
  return (
    <div role="alert" className="card border-red-200 p-6">
      <p className="font-medium text-red-800">
        {server ? "This page could not be loaded." : "Something went wrong on this page."}
      </p>
      <p className="mt-1 text-sm text-slate-700">
        {server
          ? `The server could not prepare this page. Try again in a moment; if it keeps happening, give an administrator the reference ${error.digest}.`
          : "Nothing you saved before this is lost. Try again; if it keeps happening, reload the page."}
      </p>
      <button type="button" className="btn-secondary mt-4" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
