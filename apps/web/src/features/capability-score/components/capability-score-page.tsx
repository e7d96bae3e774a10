import {
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Tab,
  TabList,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { ArrowDownloadRegular, DeleteRegular } from "@fluentui/react-icons";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { can } from "../../../api/allowed-actions";
import { useOrg } from "../../../app/org-context";
import { AppLink } from "../../../components/app-link";
import { ConfirmDialog } from "../../../components/confirm-dialog";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { PageLoading } from "../../../components/page-loading";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { formatDate, formatNumber, plural, todayIso } from "../../../lib/format";
import {
  type CapabilityScoreView,
  capabilityScoreExportHref,
  type ScoreEntry,
  useCapabilityScore,
  useDeleteScoreEntry,
  useRecordScore,
} from "../api";
import { ScoreHistoryChart } from "./score-history-chart";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  muted: { color: tokens.colorNeutralForeground2, margin: 0 },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  card: {
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(200px, 1fr))",
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
  },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  wrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

/** The form of one solution area: every metric's points as Partner Center shows them on a date. */
function AreaForm({
  orgId,
  view,
  area,
  canEdit,
}: {
  orgId: string;
  view: CapabilityScoreView;
  area: string;
  canEdit: boolean;
}) {
  const styles = useStyles();
  const record = useRecordScore(orgId);
  const today = todayIso();
  const current = useMemo(
    () =>
      Object.fromEntries(
        view.inEffect.filter((r) => r.solutionArea === area).map((r) => [r.metric, r.points]),
      ),
    [view, area],
  );
  const [shownOn, setShownOn] = useState(today);
  const [points, setPoints] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: start from the score in effect when the area changes
  useEffect(() => {
    setPoints(Object.fromEntries(view.metrics.map((m) => [m.name, current[m.name] ?? ""])));
    setSaved(null);
    record.reset();
  }, [area]);

  const total = view.metrics.reduce((sum, m) => sum + (Number(points[m.name]) || 0), 0);
  const minimum = Number(view.minimumTotalPoints);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    record.mutate(
      {
        shownOn,
        solutionArea: area,
        points: Object.fromEntries(view.metrics.map((m) => [m.name, (points[m.name] ?? "").trim()])),
      },
      {
        onSuccess: () =>
          setSaved(`Saved the score of ${area} as shown in Partner Center on ${formatDate(shownOn)}.`),
      },
    );
  };
  return (
    <Card className={styles.card}>
      <form
        onSubmit={submit}
        noValidate
        className={styles.section}
        aria-label={`Capability score of ${area}`}
      >
        <p className={styles.muted}>
          In Partner Center: Membership › Solutions Partner › Overview, then View details of {area}. Type each
          metric's points as its card shows them (0 when it shows none).
        </p>
        <div className={styles.grid}>
          <Field label="As shown in Partner Center on" required>
            <Input
              type="date"
              value={shownOn}
              max={today}
              onChange={(_, d) => setShownOn(d.value)}
              disabled={!canEdit}
            />
          </Field>
          {view.metrics.map((m) => (
            <Field
              key={m.name}
              label={m.name}
              required
              hint={`${m.category}${m.maxPoints === null ? "" : `, up to ${m.maxPoints} points`}`}
            >
              <Input
                inputMode="decimal"
                value={points[m.name] ?? ""}
                onChange={(_, d) => setPoints((p) => ({ ...p, [m.name]: d.value }))}
                disabled={!canEdit}
              />
            </Field>
          ))}
        </div>
        <p className={styles.muted} aria-live="polite">
          Total {formatNumber(total)} of the {formatNumber(minimum)} needed
          {total >= minimum ? "." : `: ${formatNumber(minimum - total)} short.`}
        </p>
        {record.error !== null && <ErrorMessage error={record.error} title="The score was not saved" />}
        {saved !== null && (
          <div role="status">
            <MessageBar intent="success">
              <MessageBarBody>{saved}</MessageBarBody>
            </MessageBar>
          </div>
        )}
        {canEdit && (
          <div className={styles.actions}>
            <Button appearance="primary" type="submit" disabled={record.isPending}>
              {record.isPending ? "Saving…" : `Save the score of ${area}`}
            </Button>
          </div>
        )}
      </form>
    </Card>
  );
}

/**
 * `/o/:orgId/capability-score`: the partner capability score per solution area, typed as Partner Center
 * shows it on a date (or imported); every entry is kept, so the history shows the trend toward the
 * minimum total and the designation's anniversary. Partner admins and contributors enter it.
 */
export function CapabilityScorePage() {
  const styles = useStyles();
  const { org } = useOrg();
  const score = useCapabilityScore(org.id);
  const remove = useDeleteScoreEntry(org.id);
  const canEdit = can(org, "capability-score.write");
  const view = score.data;
  const [area, setArea] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ScoreEntry | null>(null);
  const selected = area ?? view?.areas[0] ?? null;
  const today = todayIso();

  return (
    <div className={styles.page}>
      <PageHeader
        title="Capability score"
        context={org.name}
        description="The partner capability score per solution area, as Partner Center shows it: the designation requirement reads the score in effect, and every entry stays in its history."
        actions={
          view !== undefined && view.inEffect.length > 0 ? (
            <Button
              as="a"
              href={capabilityScoreExportHref(org.id)}
              download="capability-score.csv"
              icon={<ArrowDownloadRegular />}
            >
              Export capability-score.csv
            </Button>
          ) : undefined
        }
      />
      <p className={styles.muted}>
        A solution area qualifies with at least {view?.minimumTotalPoints ?? "70"} points in total and more
        than {view?.everyMetricAbove ?? "0"} in every metric.{" "}
        {canEdit && (
          <>
            A capability-score file can also be{" "}
            <AppLink to={`/o/${encodeURIComponent(org.id)}/imports`}>imported</AppLink>: it lands in the same
            history, as shown on the day it is imported.
          </>
        )}
      </p>
      {score.isPending && <PageLoading label="Loading the capability score…" />}
      {score.isError && <ErrorMessage error={score.error} onRetry={() => void score.refetch()} />}
      {view !== undefined && selected !== null && (
        <>
          <section className={styles.section} aria-labelledby="enter-heading">
            <h2 id="enter-heading" className={styles.heading}>
              {canEdit ? "Enter the score" : "The score in effect"}
            </h2>
            <TabList
              selectedValue={selected}
              onTabSelect={(_, d) => setArea(String(d.value))}
              aria-label="Solution area"
            >
              {view.areas.map((a) => (
                <Tab key={a} value={a}>
                  {a}
                </Tab>
              ))}
            </TabList>
            <AreaForm orgId={org.id} view={view} area={selected} canEdit={canEdit} />
          </section>
          {view.anniversaries.length > 0 && (
            <section className={styles.section} aria-labelledby="anniversary-heading">
              <h2 id="anniversary-heading" className={styles.heading}>
                Designation anniversaries
              </h2>
              <ul>
                {view.anniversaries.map((a) => {
                  const days = Math.round((Date.parse(a.anniversaryDate) - Date.parse(today)) / 86_400_000);
                  return (
                    <li key={a.area}>
                      {a.area}: {formatDate(a.anniversaryDate, undefined, "long")} (
                      {days >= 0 ? `in ${plural(days, "day")}` : `${plural(-days, "day")} ago`}); qualify on
                      at least one day of the renewal window before it.
                    </li>
                  );
                })}
              </ul>
            </section>
          )}
          <ScoreHistoryChart view={view} />
          <section className={styles.section} aria-labelledby="entries-heading">
            <h2 id="entries-heading" className={styles.heading}>
              Entries
            </h2>
            {view.entries.length === 0 ? (
              <p className={styles.muted}>No entry yet.</p>
            ) : (
              <div className={styles.wrap}>
                <Table style={AUTO_LAYOUT} size="small" aria-label="Capability score entries">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Shown on</TableHeaderCell>
                      <TableHeaderCell>From</TableHeaderCell>
                      <TableHeaderCell>Solution area</TableHeaderCell>
                      <TableHeaderCell>Points</TableHeaderCell>
                      <TableHeaderCell>By</TableHeaderCell>
                      {canEdit && <TableHeaderCell>Actions</TableHeaderCell>}
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {[...view.entries].reverse().map((e) => (
                      <TableRow key={e.id}>
                        <TableCell>{formatDate(e.shownOn)}</TableCell>
                        <TableCell>
                          {e.kind === "import" ? `Import of ${e.importFileName ?? "a file"}` : "Form"}
                        </TableCell>
                        <TableCell>{e.solutionArea ?? "Every area of the file"}</TableCell>
                        <TableCell>
                          {e.kind === "import"
                            ? "—"
                            : view.metrics.map((m) => `${m.name} ${e.points[m.name] ?? "0"}`).join(", ")}
                        </TableCell>
                        <TableCell>{e.createdByName}</TableCell>
                        {canEdit && (
                          <TableCell>
                            {can(e, "capability-score.write") && (
                              <Button
                                size="small"
                                icon={<DeleteRegular />}
                                aria-label={`Remove the entry of ${e.solutionArea} shown on ${formatDate(e.shownOn)}`}
                                onClick={() => {
                                  remove.reset();
                                  setDeleting(e);
                                }}
                              />
                            )}
                          </TableCell>
                        )}
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
            )}
          </section>
        </>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title="Remove this entry?"
        confirmLabel="Remove entry"
        onConfirm={() =>
          deleting !== null && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })
        }
        onCancel={() => setDeleting(null)}
        pending={remove.isPending}
        error={remove.error}
      >
        <p>
          {deleting === null
            ? ""
            : `The score of ${deleting.solutionArea} shown on ${formatDate(deleting.shownOn)} leaves the history; the score in effect becomes the entry before it.`}
        </p>
      </ConfirmDialog>
    </div>
  );
}
