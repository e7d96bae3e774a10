import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";
import { Component, type ErrorInfo, type ReactNode } from "react";

interface State {
  readonly error: Error | null;
}

/**
 * Keeps a failing page from blanking the app: the error is shown where the page would be, with a way
 * to try again. Keyed by the path in the shell, so moving to another page starts afresh.
 */
export class ErrorBoundary extends Component<{ readonly children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error("specready: a page failed to render", error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    // A new deployment removes the chunks an open tab still refers to.
    const stale = /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(
      error.message,
    );
    return (
      <MessageBar intent="error" role="alert" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{stale ? "specready was updated" : "This page failed"}</MessageBarTitle>
          {stale ? "Reload the page to get the new version." : error.message}
        </MessageBarBody>
        <MessageBarActions>
          {!stale && <Button onClick={() => this.setState({ error: null })}>Try again</Button>}
          <Button onClick={() => window.location.reload()}>Reload</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
}
