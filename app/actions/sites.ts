"use server";

import { defineAction } from "@/lib/actions/define-action";
import { createDoorGroup, deleteDoorGroup, renameDoorGroup } from "@/lib/access/sites/door-groups";
import { moveDoors } from "@/lib/access/sites/move-doors";
import { createSite, deleteSite, updateSite } from "@/lib/access/sites/save-site";
import { updateSiteDelivery } from "@/lib/access/sites/site-delivery";
import {
  createGroupInput,
  createSiteInput,
  deleteGroupInput,
  deleteSiteInput,
  moveDoorsInput,
  renameGroupInput,
  updateSiteDeliveryInput,
  updateSiteInput,
} from "@/lib/access/sites/schemas";
import { getAccessContext } from "@/lib/runtime/context";

// Sites, door groups and where each door belongs: admins only (doors.write); managers and staff read.

export const createSiteAction = defineAction({
  input: createSiteInput,
  permission: "doors.write",
  run: async (input, actor) => createSite(await getAccessContext(), actor, input),
});

/** A new zone recompiles the site's grants in the same transaction. */
export const updateSiteAction = defineAction({
  input: updateSiteInput,
  permission: "doors.write",
  run: async (input, actor) => (await updateSite(await getAccessContext(), actor, input)).site,
});

export const deleteSiteAction = defineAction({
  input: deleteSiteInput,
  permission: "doors.write",
  run: async (input, actor) => deleteSite(await getAccessContext(), actor, input),
});

export const createDoorGroupAction = defineAction({
  input: createGroupInput,
  permission: "doors.write",
  run: async (input, actor) => createDoorGroup(await getAccessContext(), actor, input),
});

export const renameDoorGroupAction = defineAction({
  input: renameGroupInput,
  permission: "doors.write",
  run: async (input, actor) => renameDoorGroup(await getAccessContext(), actor, input),
});

export const deleteDoorGroupAction = defineAction({
  input: deleteGroupInput,
  permission: "doors.write",
  run: async (input, actor) => deleteDoorGroup(await getAccessContext(), actor, input),
});

/** "Assign to site", "Move to site…", "Move to group…": many doors at once, all or nothing. */
export const moveDoorsAction = defineAction({
  input: moveDoorsInput,
  permission: "doors.write",
  run: async (input, actor) => moveDoors(await getAccessContext(), actor, input),
});

/** Guest delivery: lead time, confirmation deadline, message templates and desk contact (audited). */
export const updateSiteDeliveryAction = defineAction({
  input: updateSiteDeliveryInput,
  permission: "doors.write",
  run: async (input, actor) => {
    const site = await updateSiteDelivery(await getAccessContext(), actor, input);
    return { id: site.id, version: site.version };
  },
});
