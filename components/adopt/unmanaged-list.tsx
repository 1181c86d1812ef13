"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Fragment, useState } from "react";
import { leaveAloneAction } from "@/app/actions/adopt";
import { Badge } from "@/components/ui/badge";
import { useToast } from "@/components/ui/toast";
import { type AdoptCustomerOption, AdoptForm } from "./adopt-form";

/** One auth on a lock that Portier does not manage, with everything already in words (the page formats times). */
export type UnmanagedItem = {
  id: string;
  version: number;
  doorId: string;
  doorName: string;
  name: string;
  kind: "app" | "keypad" | "other";
  enabled: boolean;
  restriction: string;
  accountUserEmail: string | null;
  lastEntry: string | null;
  state: "unmanaged" | "left_alone" | "adopted";
  emailMatch: { id: string; name: string } | null;
};

const KIND = { app: "Nuki app", keypad: "Keypad code", other: "Other (fob…)" } as const;

export function UnmanagedList(p: {
  items: UnmanagedItem[];
  showDoor: boolean;
  canAdopt: boolean;
  customers: AdoptCustomerOption[];
}) {
  const [open, setOpen] = useState<string | null>(null);
  const router = useRouter();
  const toast = useToast();
  const cols = p.showDoor ? 7 : 6;

  async function leave(item: UnmanagedItem) {
    const r = await leaveAloneAction({ unmanagedId: item.id, expectedVersion: item.version });
    toast(
      r.ok
        ? { tone: "info", message: `“${item.name}” is left alone: Portier counts it but never touches it.` }
        : { tone: "error", message: r.error.message },
    );
    router.refresh();
  }

  return (
    <div className="overflow-x-auto">
      <table className="table" data-testid="unmanaged-auths">
        <thead>
          <tr>
            {p.showDoor ? <th>Door</th> : null}
            <th>Name on the lock</th>
            <th>Type</th>
            <th>When it opens</th>
            <th>Last entry</th>
            <th>State</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {p.items.map((item) => (
            <Fragment key={item.id}>
              <tr data-testid="unmanaged-row" data-name={item.name}>
                {p.showDoor ? (
                  <td>
                    <Link className="hover:underline" href={`/doors/${item.doorId}`}>
                      {item.doorName}
                    </Link>
                  </td>
                ) : null}
                <td className="font-medium text-slate-900">
                  {item.name}
                  {item.accountUserEmail ? (
                    <span className="block text-xs font-normal text-slate-600">{item.accountUserEmail}</span>
                  ) : null}
                  {item.emailMatch ? (
                    <span className="block text-xs font-normal text-slate-600">
                      matches customer{" "}
                      <Link className="underline" href={`/customers/${item.emailMatch.id}`}>
                        {item.emailMatch.name}
                      </Link>
                    </span>
                  ) : null}
                </td>
                <td>{KIND[item.kind]}</td>
                <td>
                  {item.restriction}
                  {item.enabled ? null : (
                    <span className="block">
                      <Badge tone="warn">! disabled</Badge>
                    </span>
                  )}
                </td>
                <td className="whitespace-nowrap">{item.lastEntry ?? "none recorded"}</td>
                <td>
                  {item.state === "left_alone" ? <Badge>— Left alone</Badge> : <Badge tone="warn">? Unmanaged</Badge>}
                </td>
                <td className="whitespace-nowrap">
                  {p.canAdopt && item.kind !== "other" ? (
                    <button
                      type="button"
                      className="btn-secondary px-2 py-0.5 text-xs"
                      aria-expanded={open === item.id}
                      aria-label={`Adopt ${item.name}`}
                      onClick={() => setOpen(open === item.id ? null : item.id)}
                    >
                      Adopt…
                    </button>
                  ) : null}{" "}
                  {p.canAdopt && item.state === "unmanaged" ? (
                    <button
                      type="button"
                      className="btn-secondary px-2 py-0.5 text-xs"
                      aria-label={`Leave ${item.name} alone`}
                      onClick={() => void leave(item)}
                    >
                      Leave alone
                    </button>
                  ) : null}
                </td>
              </tr>
              {open === item.id && item.kind !== "other" ? (
                <tr>
                  <td colSpan={cols}>
                    <AdoptForm
                      unmanagedId={item.id}
                      version={item.version}
                      authName={item.name}
                      kind={item.kind}
                      accountUserEmail={item.accountUserEmail}
                      suggestedCustomerId={item.emailMatch?.id ?? null}
                      customers={p.customers}
                      onDone={() => setOpen(null)}
                    />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
