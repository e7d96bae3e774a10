import { Link } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { useLinkClick } from "../lib/router/router";

export interface AppLinkProps {
  readonly to: string;
  readonly children: ReactNode;
  readonly inline?: boolean;
  readonly appearance?: "default" | "subtle";
  readonly className?: string;
  readonly "aria-label"?: string;
}

/** A Fluent link to a page of the app: a real `<a href>`, navigated in place on a plain click. */
export function AppLink({ to, children, ...rest }: AppLinkProps) {
  const handle = useLinkClick(to);
  return (
    <Link {...rest} href={to} onClick={handle}>
      {children}
    </Link>
  );
}
