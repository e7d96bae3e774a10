import { Badge } from "@fluentui/react-components";
import { CheckmarkCircleFilled, CircleRegular, ClockRegular, ErrorCircleFilled } from "@fluentui/react-icons";
import type { EvidenceStatus } from "../api";
import { evidenceStatusLabel } from "../evidence-helpers";

/** An evidence item's review status, in colour, icon and word (never colour alone). */
export function EvidenceStatusBadge({
  status,
  size = "medium",
}: {
  readonly status: EvidenceStatus;
  readonly size?: "small" | "medium" | "large";
}) {
  const label = evidenceStatusLabel(status);
  switch (status) {
    case "approved":
      return (
        <Badge appearance="filled" color="success" size={size} icon={<CheckmarkCircleFilled />}>
          {label}
        </Badge>
      );
    case "changes_requested":
      return (
        <Badge appearance="filled" color="danger" size={size} icon={<ErrorCircleFilled />}>
          {label}
        </Badge>
      );
    case "ready":
      return (
        <Badge appearance="tint" color="brand" size={size} icon={<ClockRegular />}>
          {label}
        </Badge>
      );
    default:
      return (
        <Badge appearance="outline" color="informative" size={size} icon={<CircleRegular />}>
          {label}
        </Badge>
      );
  }
}
