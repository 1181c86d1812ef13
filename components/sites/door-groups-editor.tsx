"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { createDoorGroupAction, deleteDoorGroupAction, renameDoorGroupAction } from "@/app/actions/sites";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/actions/action-result";

/** A site's door groups: create, rename, delete (doors of a deleted group stay in the site). Versioned on the site. */
export function DoorGroupsEditor({
  siteId,
  siteVersion,
  groups,
}: {
  siteId: string;
  siteVersion: number;
  groups: { id: string; name: string; doorCount: number }[];
}) {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [name, setName] = useState("");
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(p: Promise<ActionResult<unknown>>, done: string) {
    setBusy(true);
    const r = await p;
    setBusy(false);
    if (!r.ok) {
      setError(r.error.message);
      return false;
    }
    setError(null);
    toast({ tone: "info", message: done });
    router.refresh();
    return true;
  }
  return (
    <section className="card p-4" aria-labelledby={`${id}-h`} data-testid="door-groups">
      <h2 id={`${id}-h`} className="mb-2 font-semibold">
        Door groups
      </h2>
      <ul className="mb-3 divide-y divide-slate-100 text-sm">
        {groups.map((g) => (
          <li key={g.id} className="flex flex-wrap items-center gap-2 py-1.5">
            {editing?.id === g.id ? (
              <form
                className="flex flex-1 gap-2"
                onSubmit={async (e) => {
                  e.preventDefault();
                  if (
                    await run(
                      renameDoorGroupAction({ groupId: g.id, expectedVersion: siteVersion, name: editing.name }),
                      `Group renamed to “${editing.name.trim()}”.`,
                    )
                  )
                    setEditing(null);
                }}
              >
                <input
                  aria-label={`New name for ${g.name}`}
                  className="input flex-1"
                  value={editing.name}
                  onChange={(e) => setEditing({ id: g.id, name: e.target.value })}
                />
                <button type="submit" className="btn-primary" disabled={busy}>
                  Save
                </button>
                <button type="button" className="btn-secondary" onClick={() => setEditing(null)}>
                  Cancel
                </button>
              </form>
            ) : (
              <>
                <span className="flex-1">
                  {g.name} <span className="text-slate-500">({g.doorCount})</span>
                </span>
                <button
                  type="button"
                  className="btn-secondary py-1"
                  aria-label={`Rename ${g.name}`}
                  onClick={() => setEditing({ id: g.id, name: g.name })}
                >
                  Rename
                </button>
                <button
                  type="button"
                  className="btn-secondary py-1"
                  aria-label={`Delete ${g.name}`}
                  disabled={busy}
                  onClick={() =>
                    run(
                      deleteDoorGroupAction({ groupId: g.id, expectedVersion: siteVersion }),
                      `Group “${g.name}” deleted; its doors stay in the site.`,
                    )
                  }
                >
                  Delete
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <form
        className="flex gap-2"
        onSubmit={async (e) => {
          e.preventDefault();
          if (
            await run(
              createDoorGroupAction({ siteId, expectedVersion: siteVersion, name }),
              `Group “${name.trim()}” created.`,
            )
          )
            setName("");
        }}
      >
        <label className="sr-only" htmlFor={`${id}-n`}>
          New group name
        </label>
        <input
          id={`${id}-n`}
          className="input flex-1"
          placeholder="New group, e.g. Studios"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="btn-secondary" disabled={busy || !name.trim()}>
          Add group
        </button>
      </form>
      {error ? (
        <p role="alert" className="mt-2 rounded bg-red-50 p-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </section>
  );
}
