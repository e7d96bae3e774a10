import {
  Badge,
  Button,
  Card,
  Combobox,
  Field,
  Input,
  makeStyles,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { ArrowDownloadRegular, DismissRegular, FilterRegular } from "@fluentui/react-icons";
import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import { useOrg } from "../../../app/org-context";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { PageLoading } from "../../../components/page-loading";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { downloadCsv } from "../../../lib/csv";
import { formatNumber, formatTimestamp, isCalendarDate, todayIso } from "../../../lib/format";
import { setSearchParams, useSearchParams } from "../../../lib/router/router";
import { activityCsvFileName, activityCsvRows } from "../activity-csv";
import { type ActivityEntry, type ActivityFilters, fetchActivityPage, useActivity } from "../api";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXL },
  filters: { padding: tokens.spacingHorizontalL },
  form: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL, alignItems: "flex-end" },
  field: { minWidth: "180px" },
  buttons: { display: "flex", gap: tokens.spacingHorizontalS },
  wrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  when: { whiteSpace: "nowrap" },
  code: { ...typographyStyles.caption1, fontFamily: tokens.fontFamilyMonospace },
  details: {
    "& > summary": {
      cursor: "pointer",
      color: tokens.colorBrandForegroundLink,
      ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
    },
  },
  pre: {
    margin: `${tokens.spacingVerticalXS} 0 0`,
    maxWidth: "480px",
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
    ...typographyStyles.caption1,
    fontFamily: tokens.fontFamilyMonospace,
  },
  footer: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalL, flexWrap: "wrap" },
  count: { color: tokens.colorNeutralForeground2 },
  empty: { color: tokens.colorNeutralForeground2, margin: 0 },
});

/** Cap of an export: enough for years of a team's activity, bounded for the browser's memory. */
const EXPORT_LIMIT = 50_000;

function filtersFrom(params: URLSearchParams): ActivityFilters {
  const get = (k: string) => {
    const v = params.get(k);
    return v === null || v === "" ? undefined : v;
  };
  const from = get("from");
  const to = get("to");
  return {
    action: get("action"),
    actor: get("actor"),
    from: from !== undefined && isCalendarDate(from) ? from : undefined,
    to: to !== undefined && isCalendarDate(to) ? to : undefined,
  };
}

function actorKindLabel(kind: string): string | null {
  if (kind === "token") return "API token";
  if (kind === "system") return "System";
  return null;
}

/** The organization's activity log with filters in the URL, paging, and a CSV export for Excel. */
export function ActivityPage() {
  const styles = useStyles();
  const { org } = useOrg();
  const params = useSearchParams();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const activity = useActivity(org.id, filters);
  const entries = useMemo(() => activity.data?.pages.flatMap((p) => p.entries) ?? [], [activity.data]);

  // The filter form edits a draft; "Apply" puts it in the URL.
  const [draft, setDraft] = useState<ActivityFilters>(filters);
  useEffect(() => setDraft(filters), [filters]);

  // The actions the server lists (else those seen so far) and the names seen so far are offered as
  // choices; both can be typed too (the actor filter matches part of a name).
  const seen = useRef({ actions: new Set<string>(), actors: new Set<string>() });
  for (const e of entries) {
    seen.current.actions.add(e.action);
    if (e.actor.name !== null) seen.current.actors.add(e.actor.name);
  }
  const listed = activity.data?.pages[0]?.actions;
  const actionOptions = [...new Set([...(listed ?? []), ...seen.current.actions])].sort();
  const actorOptions = [...seen.current.actors].sort((a, b) => a.localeCompare(b));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setSearchParams({
      action: draft.action ?? null,
      actor: draft.actor ?? null,
      from: draft.from ?? null,
      to: draft.to ?? null,
    });
  };
  const clear = () => setSearchParams({ action: null, actor: null, from: null, to: null });
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const rangeError =
    draft.from !== undefined && draft.to !== undefined && draft.from > draft.to
      ? "The start is after the end."
      : undefined;

  return (
    <div className={styles.page}>
      <PageHeader
        title="Activity"
        context={org.name}
        description="Every change in this organization: imports, undos, members, roles, tokens and settings."
        actions={<ExportButton orgId={org.id} orgName={org.name} filters={filters} />}
      />
      <Card className={styles.filters}>
        <form className={styles.form} onSubmit={apply} aria-label="Filter the activity log">
          <Field className={styles.field} label="Action">
            <Combobox
              freeform
              placeholder="Any action"
              value={draft.action ?? ""}
              selectedOptions={draft.action === undefined ? [] : [draft.action]}
              onChange={(e) =>
                setDraft((d) => ({ ...d, action: e.target.value === "" ? undefined : e.target.value }))
              }
              onOptionSelect={(_, data) => setDraft((d) => ({ ...d, action: data.optionValue || undefined }))}
            >
              {actionOptions.map((a) => (
                <Option key={a} value={a}>
                  {a}
                </Option>
              ))}
            </Combobox>
          </Field>
          <Field className={styles.field} label="Actor">
            <Combobox
              freeform
              placeholder="Anyone (type part of a name)"
              value={draft.actor ?? ""}
              selectedOptions={draft.actor === undefined ? [] : [draft.actor]}
              onChange={(e) =>
                setDraft((d) => ({ ...d, actor: e.target.value === "" ? undefined : e.target.value }))
              }
              onOptionSelect={(_, data) => setDraft((d) => ({ ...d, actor: data.optionValue || undefined }))}
            >
              {actorOptions.map((name) => (
                <Option key={name} value={name}>
                  {name}
                </Option>
              ))}
            </Combobox>
          </Field>
          <Field className={styles.field} label="From">
            <Input
              type="date"
              value={draft.from ?? ""}
              onChange={(_, d) => setDraft((x) => ({ ...x, from: d.value === "" ? undefined : d.value }))}
            />
          </Field>
          <Field className={styles.field} label="To" validationMessage={rangeError}>
            <Input
              type="date"
              value={draft.to ?? ""}
              onChange={(_, d) => setDraft((x) => ({ ...x, to: d.value === "" ? undefined : d.value }))}
            />
          </Field>
          <div className={styles.buttons}>
            <Button
              type="submit"
              appearance="primary"
              icon={<FilterRegular />}
              disabled={rangeError !== undefined}
            >
              Apply filters
            </Button>
            {filtered && (
              <Button icon={<DismissRegular />} onClick={clear}>
                Clear
              </Button>
            )}
          </div>
        </form>
      </Card>

      {activity.isPending && <PageLoading label="Loading the activity…" />}
      {activity.isError && entries.length === 0 && (
        <ErrorMessage error={activity.error} onRetry={() => void activity.refetch()} />
      )}
      {activity.data !== undefined && entries.length === 0 && (
        <p className={styles.empty}>{filtered ? "No activity matches these filters." : "No activity yet."}</p>
      )}
      {entries.length > 0 && (
        <>
          <div className={styles.wrap}>
            <Table style={AUTO_LAYOUT} size="small" aria-label="Activity log">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>When</TableHeaderCell>
                  <TableHeaderCell>Who</TableHeaderCell>
                  <TableHeaderCell>Action</TableHeaderCell>
                  <TableHeaderCell>What happened</TableHeaderCell>
                  <TableHeaderCell>Details</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {entries.map((e) => (
                  <ActivityRow key={e.id} entry={e} />
                ))}
              </TableBody>
            </Table>
          </div>
          <div className={styles.footer}>
            <span className={styles.count} role="status" aria-live="polite">
              {activity.hasNextPage
                ? `Showing the latest ${formatNumber(entries.length)} entries`
                : `All ${formatNumber(entries.length)} entries`}
            </span>
            {activity.hasNextPage && (
              <Button onClick={() => void activity.fetchNextPage()} disabled={activity.isFetchingNextPage}>
                {activity.isFetchingNextPage ? "Loading…" : "Load more"}
              </Button>
            )}
            {activity.isFetchNextPageError && (
              <ErrorMessage error={activity.error} title="Loading more failed" />
            )}
          </div>
        </>
      )}
    </div>
  );
}

function ActivityRow({ entry: e }: { readonly entry: ActivityEntry }) {
  const styles = useStyles();
  const kind = actorKindLabel(e.actor.kind);
  const hasDetails =
    e.details !== null &&
    e.details !== undefined &&
    !(typeof e.details === "object" && Object.keys(e.details as object).length === 0);
  return (
    <TableRow>
      <TableCell className={styles.when}>
        <time dateTime={e.at}>{formatTimestamp(e.at)}</time>
      </TableCell>
      <TableCell>
        {e.actor.name ?? e.actor.id ?? "—"}{" "}
        {kind !== null && (
          <Badge size="small" appearance="outline">
            {kind}
          </Badge>
        )}
      </TableCell>
      <TableCell>
        <span className={styles.code}>{e.action}</span>
      </TableCell>
      <TableCell>{e.summary}</TableCell>
      <TableCell>
        {hasDetails && (
          <details className={styles.details}>
            <summary>Details</summary>
            <pre className={styles.pre}>{JSON.stringify(e.details, null, 2)}</pre>
          </details>
        )}
      </TableCell>
    </TableRow>
  );
}

/** Exports every entry matching the filters (not only the loaded pages), fetched in large pages. */
function ExportButton({
  orgId,
  orgName,
  filters,
}: {
  orgId: string;
  orgName: string;
  filters: ActivityFilters;
}) {
  const [state, setState] = useState<{ running: boolean; count: number; error: unknown }>({
    running: false,
    count: 0,
    error: null,
  });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const run = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setState({ running: true, count: 0, error: null });
    const all: ActivityEntry[] = [];
    try {
      let before: string | number | null = null;
      do {
        const page = await fetchActivityPage(orgId, filters, before, 500, controller.signal);
        all.push(...page.entries);
        before = page.next;
        setState({ running: true, count: all.length, error: null });
      } while (before !== null && all.length < EXPORT_LIMIT);
      downloadCsv(activityCsvFileName(orgName, todayIso()), activityCsvRows(all));
      setState({ running: false, count: all.length, error: null });
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") return;
      setState({ running: false, count: all.length, error });
    }
  };

  return (
    <div>
      <Button icon={<ArrowDownloadRegular />} onClick={() => void run()} disabled={state.running}>
        {state.running ? `Exporting… ${formatNumber(state.count)}` : "Export to CSV"}
      </Button>
      <div role="status" aria-live="polite" style={{ fontSize: tokens.fontSizeBase200 }}>
        {!state.running && state.count > 0 && state.error === null
          ? `Exported ${formatNumber(state.count)} entries${state.count >= EXPORT_LIMIT ? " (the export stops at this many)" : ""}.`
          : ""}
      </div>
      {state.error !== null && <ErrorMessage error={state.error} title="The export failed" />}
    </div>
  );
}
