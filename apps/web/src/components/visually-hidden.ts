import { makeStyles } from "@fluentui/react-components";

/** Hidden on screen, read by screen readers (and becoming visible when focused, for skip links). */
export const useVisuallyHiddenStyles = makeStyles({
  hidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    margin: "-1px",
    padding: 0,
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
    border: 0,
  },
});
