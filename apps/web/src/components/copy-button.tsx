import { Button } from "@fluentui/react-components";
import { CheckmarkRegular, CopyRegular } from "@fluentui/react-icons";
import { useEffect, useState } from "react";
import { useVisuallyHiddenStyles } from "./visually-hidden";

export interface CopyButtonProps {
  readonly text: string;
  readonly size?: "small" | "medium" | "large";
  readonly appearance?: "secondary" | "primary" | "subtle" | "outline" | "transparent";
  /** What is copied, for the button's accessible name ("Copy invitation link"). */
  readonly what: string;
  /** The visible text ("Copy" by default). */
  readonly label?: string;
}

/** Copies `text` to the clipboard and says so for two seconds (announced via aria-live). */
export function CopyButton({ text, what, size, appearance, label = "Copy" }: CopyButtonProps) {
  const hidden = useVisuallyHiddenStyles();
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <>
      <Button
        size={size}
        appearance={appearance}
        icon={state === "copied" ? <CheckmarkRegular /> : <CopyRegular />}
        aria-label={`Copy ${what}`}
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => setState("copied"),
            () => setState("failed"),
          );
        }}
      >
        {state === "copied" ? "Copied" : label}
      </Button>
      <span aria-live="polite" className={hidden.hidden}>
        {state === "copied"
          ? `${what} copied to the clipboard`
          : state === "failed"
            ? "Copying failed: select the text and copy it"
            : ""}
      </span>
    </>
  );
}
