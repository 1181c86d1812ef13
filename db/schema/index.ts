export * from "./users";
export * from "./customers";
export * from "./doors";
export * from "./audit";
export * from "./access";
export * from "./messages";
export * from "./retention";
