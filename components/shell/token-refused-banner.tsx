import { formatZoned } from "@/lib/time/format-zoned";

/**
 * Shown on every staff page while Nuki refuses Portier's API token: nothing reaches any lock, so
 * the desk must know before a guest finds a closed door. Admins get what to do; others whom to tell.
 */
export function TokenRefusedBanner({
  since,
  status,
  nextProbeAt,
  timeZone,
  isAdmin,
  connectionName = null,
  othersRefused = 0,
}: {
  since: Date;
  status: number | null;
  nextProbeAt: Date | null;
  timeZone: string;
  isAdmin: boolean;
  /** Several Nuki accounts: the refused one's name (null = the default, env-configured account). */
  connectionName?: string | null;
  othersRefused?: number;
}) {
  if (connectionName)
    return (
      <div
        role="alert"
        data-testid="token-refused-banner"
        className="border-b border-red-300 bg-red-50 text-sm text-red-900"
      >
        <div className="mx-auto max-w-[1400px] px-4 py-2">
          <strong>Nuki refuses the API token of “{connectionName}”</strong> (HTTP {status ?? "401"}) since{" "}
          {formatZoned(since, timeZone)}
          {othersRefused ? ` (and ${othersRefused} more account${othersRefused === 1 ? "" : "s"})` : ""}. No change
          reaches that account's locks until this is fixed; the other accounts go on.{" "}
          {isAdmin ? (
            <>
              Create a new API token in that account's Nuki Web and rotate it under{" "}
              <a className="underline" href="/settings/nuki">
                Settings → Nuki accounts
              </a>
              ; Portier resumes at once.
            </>
          ) : (
            <>Please tell an administrator.</>
          )}{" "}
          <a className="underline" href="/at-risk">
            Arrivals at risk
          </a>
        </div>
      </div>
    );
  return (
    <div
      role="alert"
      data-testid="token-refused-banner"
      className="border-b border-red-300 bg-red-50 text-sm text-red-900"
    >
      <div className="mx-auto max-w-[1400px] px-4 py-2">
        <strong>Nuki refuses Portier's API token</strong> (HTTP {status ?? "401"}) since {formatZoned(since, timeZone)}.
        No change reaches any lock until this is fixed; changes made meanwhile wait and are sent afterwards.{" "}
        {isAdmin ? (
          <>
            Create a new API token in Nuki Web (Menu → API → generate token, scopes for smart locks, authorizations and
            account users), set it as <code>NUKI_API_TOKEN</code> and restart Portier. Portier checks again
            {nextProbeAt ? ` at ${formatZoned(nextProbeAt, timeZone)}` : " shortly"} and resumes by itself.
          </>
        ) : (
          <>Please tell an administrator. Portier resumes by itself once the token is accepted.</>
        )}{" "}
        <a className="underline" href="/at-risk">
          Arrivals at risk
        </a>
      </div>
    </div>
  );
}
