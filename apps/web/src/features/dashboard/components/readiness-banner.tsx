import { MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { Evaluation } from "../../../api/types";
import { AppLink } from "../../../components/app-link";
import { formatDate, listInWords } from "../../../lib/format";
import { requirementShortName } from "../requirement-labels";

export type Readiness = "ready" | "eligible" | "not_yet" | "no_data";

/** The overall state: ready (all four met), eligible to apply (all but the audit), not yet, or nothing imported. */
export function readinessOf(
  evaluation: Pick<Evaluation, "ready" | "eligibleToApply" | "requirements">,
): Readiness {
  if (evaluation.ready) return "ready";
  if (evaluation.eligibleToApply) return "eligible";
  if (evaluation.requirements.every((r) => r.status === "no_data")) return "no_data";
  return "not_yet";
}

export interface ReadinessBannerProps {
  readonly evaluation: Evaluation;
  readonly importsHref: string | null;
}

export function ReadinessBanner({ evaluation, importsHref }: ReadinessBannerProps) {
  const state = readinessOf(evaluation);
  const date = formatDate(evaluation.asOf, undefined, "long");
  const open = evaluation.requirements.filter((r) => r.status !== "met");
  const met = evaluation.requirements.length - open.length;
  const program = `${evaluation.programName} (${evaluation.programVersion})`;
  const content = {
    ready: {
      intent: "success" as const,
      title: "Ready",
      text: `Every requirement of ${program} is met as of ${date}. You can apply for the specialization.`,
    },
    eligible: {
      intent: "success" as const,
      title: "Eligible to apply",
      text: `The designation, performance and knowledge requirements are met as of ${date}; the audit is not ready yet (${listInWords(
        open.map((r) => requirementShortName(r.id).toLowerCase()),
      )}). You can apply; prepare the audit evidence before the audit is scheduled.`,
    },
    not_yet: {
      intent: "warning" as const,
      title: "Not yet ready",
      text: `${met} of ${evaluation.requirements.length} requirements are met as of ${date}. Still open: ${listInWords(
        open.map((r) => requirementShortName(r.id)),
      )}.`,
    },
    no_data: {
      intent: "info" as const,
      title: "No data yet",
      text: "Import your Partner Center exports (Azure usage, certifications, capability score, audit evidence) to see where you stand.",
    },
  }[state];
  return (
    <MessageBar intent={content.intent} layout="multiline" data-testid="readiness-banner" aria-live="polite">
      <MessageBarBody>
        <MessageBarTitle>{content.title}</MessageBarTitle>
        {content.text}
      </MessageBarBody>
      {state === "no_data" && importsHref !== null && (
        <MessageBarActions>
          <AppLink to={importsHref}>Go to Imports</AppLink>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
