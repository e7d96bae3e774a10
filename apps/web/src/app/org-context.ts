import { createContext, useContext } from "react";
import type { Session, SessionOrganization } from "../features/auth/api";

export interface OrgContextValue {
  readonly org: SessionOrganization;
  readonly session: Session;
}

export const OrgContext = createContext<OrgContextValue | null>(null);

/** The organization of the current `/o/:orgId` page and the signed-in session. */
export function useOrg(): OrgContextValue {
  const value = useContext(OrgContext);
  if (value === null) throw new Error("useOrg outside an organization page");
  return value;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in session, on pages that require one. */
export function useSignedInSession(): Session {
  const value = useContext(SessionContext);
  if (value === null) throw new Error("useSignedInSession outside a signed-in page");
  return value;
}
