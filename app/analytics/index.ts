// The analytics core's public surface. Pure TypeScript: no framework, database or clock.
export * from "./analyze";
export * from "./bgnbd";
// The shop calendar (app/core) is part of the analytics surface: its day numbers are the input of every metric.
export * from "~/core/calendar";
export * from "./cohorts";
export * from "./errors";
export * from "./gammagamma";
export * from "./interpretation";
export * from "./metrics";
export * from "./next-steps";
export * from "./nps";
export * from "./order-columns";
export * from "./predict";
export * from "./prepare";
export * from "./retention";
export * from "./rfm";
export * from "./segments";
export * from "./summary";
export * from "./trend";
export type * from "./types";
export * from "./customer-base";
export * from "./mbgnbd";
export * from "./paretonbd";
export * from "./model-selection";
