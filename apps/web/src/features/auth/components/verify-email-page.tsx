import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { useEffect, useRef } from "react";
import { useRouteParams } from "../../../app/route-params";
import { AppLink } from "../../../components/app-link";
import { ErrorMessage } from "../../../components/error-message";
import { PageLoading } from "../../../components/page-loading";
import { ApiError } from "../../../lib/api-client";
import { useFocusOnNavigation } from "../../../lib/router/router";
import { useVerifyEmail } from "../api";
import { useAuthFormStyles } from "./auth-form-styles";

/** The link of a verification e-mail: it verifies the address as soon as it is opened. */
export function VerifyEmailPage() {
  const styles = useAuthFormStyles();
  const token = useRouteParams().token ?? "";
  const verify = useVerifyEmail(token);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnNavigation(heading);
  const started = useRef(false);
  useEffect(() => {
    document.title = "Verify your address · specready";
    if (started.current) return;
    started.current = true;
    verify.mutate();
  }, [verify]);

  return (
    <div className={styles.form}>
      <h1 ref={heading} tabIndex={-1} className={styles.heading}>
        Verify your address
      </h1>
      {verify.isPending || verify.isIdle ? (
        <PageLoading />
      ) : verify.isSuccess ? (
        <MessageBar intent="success" role="status">
          <MessageBarBody>
            <MessageBarTitle>Verified</MessageBarTitle>
            Your address is verified. <AppLink to="/">Open specready</AppLink>
          </MessageBarBody>
        </MessageBar>
      ) : verify.error instanceof ApiError && verify.error.status === 404 ? (
        <MessageBar intent="warning" role="alert" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>This link no longer works</MessageBarTitle>
            It expired or was used already. Send a new one from your account page.
          </MessageBarBody>
        </MessageBar>
      ) : (
        <ErrorMessage error={verify.error} title="Not verified" />
      )}
    </div>
  );
}
