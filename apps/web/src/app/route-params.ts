import { createContext, useContext } from "react";
import type { PathParams } from "../lib/router/match-path";

export const RouteParamsContext = createContext<PathParams>({});

/** The current route's path params (`:token`, `:orgId`). */
export function useRouteParams(): PathParams {
  return useContext(RouteParamsContext);
}
