"use server";

import { after } from "next/server";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { previewSchedule } from "@/lib/access/views/preview-schedule";
import { getAccessContext } from "@/lib/runtime/context";
import { bulkJobStatus, resumeStaleBulkJobs, runBulkJob, startBulkAssign } from "@/lib/access/windows/bulk-assign";
import { createWindow, createWindows } from "@/lib/access/windows/create-window";
import { deleteWindow } from "@/lib/access/windows/delete-window";
import { retryGrant } from "@/lib/access/grants/retry-grant";
import {
  bulkAssignInput,
  createWindowInput,
  createWindowsInput,
  deleteWindowInput,
  editOccurrenceInput,
  retryGrantInput,
  updateWindowInput,
} from "@/lib/access/windows/schemas";
import { editOccurrence } from "@/lib/access/windows/edit-occurrence";
import { updateWindow } from "@/lib/access/windows/update-window";

// Thin edges: each action checks the session and permission (defineAction), validates with zod,
// and hands over to lib/access, which checks the permission again and audits in the same transaction.

/** Staff drew a window on the calendar (or used the keyboard dialog). */
export const createWindowAction = defineAction({
  input: createWindowInput,
  permission: "access.write",
  run: async (input, actor) => createWindow(await getAccessContext(), actor, input),
});

/** The dialog with several doors ticked: the same window on each, all or none. */
export const createWindowsAction = defineAction({
  input: createWindowsInput,
  permission: "access.write",
  run: async (input, actor) => createWindows(await getAccessContext(), actor, input),
});

/** Move (also to another door) or resize; `expectedVersion` guards against overwriting a colleague. */
export const updateWindowAction = defineAction({
  input: updateWindowInput,
  permission: "access.write",
  run: async (input, actor) => updateWindow(await getAccessContext(), actor, input),
});

export const deleteWindowAction = defineAction({
  input: deleteWindowInput,
  permission: "access.write",
  run: async (input, actor) => deleteWindow(await getAccessContext(), actor, input),
});

/**
 * A group of customers × a group of doors × one window. The request only records the job; the
 * pairs are created after the response, in short transactions, and the form polls the progress.
 */
export const bulkAssignAction = defineAction({
  input: bulkAssignInput,
  permission: "access.write",
  run: async (input, actor) => {
    const ctx = await getAccessContext();
    const job = await startBulkAssign(ctx, actor, input);
    after(() =>
      runBulkJob(ctx, job.jobId).catch((e) => console.error(`[bulk] job ${job.jobId}: ${(e as Error).name}`)),
    );
    return job;
  },
});

/**
 * Progress of a bulk job. A job whose runner stopped (a restart) is picked up again here, after
 * the response: looking at the progress is what resumes it.
 */
export const bulkJobStatusAction = defineAction({
  input: z.object({ jobId: z.uuid() }),
  permission: "access.read",
  run: async ({ jobId }, actor) => {
    const ctx = await getAccessContext();
    after(() => resumeStaleBulkJobs(ctx).catch((e) => console.error(`[bulk] resume: ${(e as Error).name}`)));
    return bulkJobStatus(ctx.db, actor, jobId);
  },
});

/** Before saving: what the lock will hold and when (rotation preview). Read-only. */
export const previewScheduleAction = defineAction({
  input: createWindowInput.extend({ excludeWindowId: z.uuid().optional() }),
  permission: "access.read",
  run: async (input, actor) => previewSchedule((await getAccessContext()).db, actor, input),
});

/** Move or delete one occurrence of a weekly series; the rest of the series stays as it is. */
export const editOccurrenceAction = defineAction({
  input: editOccurrenceInput,
  permission: "access.write",
  run: async (input, actor) => editOccurrence(await getAccessContext(), actor, input),
});

/** "Retry" on a failed window: try again now. */
export const retryGrantAction = defineAction({
  input: retryGrantInput,
  permission: "access.write",
  run: async (input, actor) => retryGrant(await getAccessContext(), actor, input.grantId),
});
