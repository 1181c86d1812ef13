"use client";

export default function StaffError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="card border-red-200 p-6">
      <p className="font-medium text-red-800">This page could not be loaded.</p>
      <p className="mt-1 text-sm text-slate-600">
        {error.digest ? `Reference ${error.digest}. ` : ""}The database or the lock service may be unreachable.
      </p>
      <button className="btn-secondary mt-4" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
