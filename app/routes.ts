// The route table (Remix's v3_routeConfig): the same file-system routes as before, from
// app/routes/ by the flat-routes convention, so every URL is unchanged. React Router 7 reads
// this file as it is (its `@react-router/fs-routes` has the same `flatRoutes`).
import { flatRoutes } from "@remix-run/fs-routes";
import type { RouteConfig } from "@remix-run/route-config";

export default flatRoutes({ ignoredRouteFiles: ["**/.*", "**/*.test.ts"] }) satisfies RouteConfig;
