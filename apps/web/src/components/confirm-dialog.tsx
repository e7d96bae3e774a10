import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from "@fluentui/react-components";
import type { ReactNode } from "react";
import { ErrorMessage } from "./error-message";

export interface ConfirmDialogProps {
  readonly open: boolean;
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly pending?: boolean;
  readonly error?: unknown;
  /** A destructive action is drawn as the primary button too, but its label says what it does. */
  readonly cancelLabel?: string;
}

/** "Are you sure?" as a modal alert dialog; focus returns to the button that opened it. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  return (
    <Dialog
      open={props.open}
      modalType="alert"
      onOpenChange={(_, data) => {
        if (!data.open && !props.pending) props.onCancel();
      }}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent>
            {props.children}
            {props.error !== undefined && props.error !== null && <ErrorMessage error={props.error} />}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={props.onCancel} disabled={props.pending}>
              {props.cancelLabel ?? "Cancel"}
            </Button>
            <Button appearance="primary" onClick={props.onConfirm} disabled={props.pending}>
              {props.pending ? "Working…" : props.confirmLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
