// One file per aggregate; everything else imports the schema from here.
export * from "./users";
export * from "./customers";
export * from "./sites";
export * from "./doors";
export * from "./audit";
export * from "./windows";
export * from "./grants";
export * from "./lock-events";
export * from "./webhooks";
export * from "./engine-jobs";
export * from "./messages";
export * from "./bulk-jobs";
export * from "./retention";
export * from "./nuki-health";
export * from "./unmanaged-auths";
export * from "./api-keys";
export * from "./arrival-alerts";
