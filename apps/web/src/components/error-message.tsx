import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";
import { ApiError, errorMessage } from "../lib/api-client";

export interface ErrorMessageProps {
  readonly error: unknown;
  readonly title?: string;
  readonly onRetry?: () => void;
}

/** An error as a Fluent message bar, announced to screen readers; request issues listed by field. */
export function ErrorMessage({ error, title, onRetry }: ErrorMessageProps) {
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <MessageBar intent="error" role="alert" layout="multiline">
      <MessageBarBody>
        {title !== undefined && <MessageBarTitle>{title}</MessageBarTitle>}
        {errorMessage(error)}
        {issues.length > 0 && (
          <ul>
            {issues.map((i) => (
              <li key={`${i.path}:${i.message}`}>
                {i.path !== "" && <strong>{i.path}: </strong>}
                {i.message}
              </li>
            ))}
          </ul>
        )}
      </MessageBarBody>
      {onRetry !== undefined && (
        <MessageBarActions>
          <Button onClick={onRetry}>Try again</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
