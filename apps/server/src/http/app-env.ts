import type { Principal } from "../auth/principal.js";
import type { AppContext } from "../services/app-context.js";

export { actorOf, type OrgAccess, type Principal } from "../auth/principal.js";

export interface AppEnv {
  Variables: {
    ctx: AppContext;
    principal: Principal | undefined;
  };
}
