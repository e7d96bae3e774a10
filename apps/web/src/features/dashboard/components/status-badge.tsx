import { Badge } from "@fluentui/react-components";
import { CheckmarkCircleFilled, DismissCircleFilled, QuestionCircleFilled } from "@fluentui/react-icons";
import { statusLabel } from "../requirement-labels";

/** A requirement's status, in colour, icon and word (never colour alone). */
export function StatusBadge({
  status,
  size = "large",
}: {
  readonly status: string;
  readonly size?: "medium" | "large";
}) {
  if (status === "met") {
    return (
      <Badge appearance="filled" color="success" size={size} icon={<CheckmarkCircleFilled />}>
        {statusLabel(status)}
      </Badge>
    );
  }
  if (status === "not_met") {
    return (
      <Badge appearance="filled" color="danger" size={size} icon={<DismissCircleFilled />}>
        {statusLabel(status)}
      </Badge>
    );
  }
  return (
    <Badge appearance="tint" color="informative" size={size} icon={<QuestionCircleFilled />}>
      {statusLabel(status)}
    </Badge>
  );
}
