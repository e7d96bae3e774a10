import {
  Badge,
  Button,
  Card,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Option,
  SearchBox,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { AddRegular, ArrowDownloadRegular, DeleteRegular, EditRegular } from "@fluentui/react-icons";
import { useMemo, useState } from "react";
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
  type Person,
  type PersonCertification,
  peopleExportHref,
  useDeleteCertification,
  useDeletePerson,
  usePeople,
} from "../api";
import {
  associatedLabel,
  countingPeople,
  daysBetween,
  expiryTimeline,
  filterRows,
  peopleRows,
  personLabel,
  STATUS_LABELS,
  type StatusFilter,
  statusIntent,
} from "../people-helpers";
import { PersonDialog, type PersonDialogMode } from "./person-dialog";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  muted: { color: tokens.colorNeutralForeground2, margin: 0 },
  empty: {
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  toolbar: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: tokens.spacingHorizontalL },
  search: { minWidth: "280px" },
  count: { color: tokens.colorNeutralForeground2 },
  wrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  nowrap: { whiteSpace: "nowrap" },
  secondary: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, display: "block" },
  actions: { display: "flex", gap: tokens.spacingHorizontalXS, whiteSpace: "nowrap", flexWrap: "wrap" },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  bar: {
    height: "8px",
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorBrandBackground,
  },
});

const FILTERS: Readonly<Record<StatusFilter, string>> = {
  all: "All certifications",
  counting: "Counting today",
  expiring: "Counting, expiring within 180 days",
  "not-counting": "Not counting",
};

/**
 * `/o/:orgId/people`: the certified people and their certifications, as the knowledge requirement reads
 * them. Partner admins and contributors add and change them here or by importing a certifications file;
 * every role reads them, filters them, sees the expiry timeline and exports them.
 */
export function PeoplePage() {
  const styles = useStyles();
  const { org } = useOrg();
  const people = usePeople(org.id);
  const removePerson = useDeletePerson(org.id);
  const removeRow = useDeleteCertification(org.id);
  const editor = can(org, "people.write");
  const today = todayIso();
  const [text, setText] = useState("");
  const [status, setStatus] = useState<StatusFilter>("all");
  const [dialog, setDialog] = useState<PersonDialogMode | null>(null);
  const [deleting, setDeleting] = useState<{
    person: Person;
    certification: PersonCertification | null;
  } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const data = people.data;
  const all = useMemo(() => peopleRows(data?.people ?? []), [data]);
  const shown = useMemo(() => filterRows(all, text, status, today), [all, text, status, today]);
  const timeline = useMemo(() => expiryTimeline(data?.people ?? []), [data]);
  const importsHref = `/o/${encodeURIComponent(org.id)}/imports`;
  const remove = deleting?.certification == null ? removePerson : removeRow;

  const confirmDelete = () => {
    if (deleting === null) return;
    const { person, certification } = deleting;
    const done = () => {
      setDeleting(null);
      setNotice(
        certification === null
          ? `Removed ${personLabel(person)}.`
          : `Removed ${certification.certification} of ${personLabel(person)}.`,
      );
    };
    if (certification === null) removePerson.mutate(person.id, { onSuccess: done });
    else removeRow.mutate({ person: person.id, id: certification.id }, { onSuccess: done });
  };

  return (
    <div className={styles.page}>
      <PageHeader
        title="People"
        context={org.name}
        description="Who holds which certification, until when, and whether their Microsoft Learn profile is associated with the organization: the knowledge requirement counts these records."
        actions={
          <>
            {all.length > 0 && (
              <Button
                as="a"
                href={peopleExportHref(org.id)}
                download="certifications.csv"
                icon={<ArrowDownloadRegular />}
              >
                Export certifications.csv
              </Button>
            )}
            {editor && (
              <Button
                appearance="primary"
                icon={<AddRegular />}
                onClick={() => {
                  setNotice(null);
                  setDialog({ kind: "new-person" });
                }}
              >
                Add person
              </Button>
            )}
          </>
        }
      />
      <p className={styles.muted}>
        {editor ? (
          <>
            Keep them here, or <AppLink to={importsHref}>import a certifications file</AppLink> (from Partner
            Center or your HR sheet): an import updates these same records, and asks first when it would
            overwrite a change made here.
          </>
        ) : (
          <>Partner admins and contributors keep this list, here or by importing a certifications file.</>
        )}
      </p>
      {data !== undefined && data.editedRows > 0 && (
        <MessageBar intent="info">
          <MessageBarBody>
            {plural(data.editedRows, "certification row was", "certification rows were")} added or changed
            here since the last import: the next import lists them and asks before it overwrites them.
          </MessageBarBody>
        </MessageBar>
      )}
      {notice !== null && (
        <div role="status">
          <MessageBar intent="success">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        </div>
      )}
      {people.isPending && <PageLoading label="Loading the people…" />}
      {people.isError && <ErrorMessage error={people.error} onRetry={() => void people.refetch()} />}

      {data !== undefined && all.length === 0 && (
        <Card className={styles.empty}>
          <h2 className={styles.heading}>No certified people yet</h2>
          <p className={styles.muted}>
            The specialization needs at least {data.minimumIndividuals} people with a counting certification.
            Add each person with the certifications they hold.
          </p>
          {editor && (
            <div>
              <Button
                appearance="primary"
                icon={<AddRegular />}
                onClick={() => setDialog({ kind: "new-person" })}
              >
                Add the first person
              </Button>
            </div>
          )}
        </Card>
      )}

      {data !== undefined && all.length > 0 && (
        <>
          <p className={styles.muted}>
            {plural(countingPeople(data.people), "person has", "people have")} a certification that counts
            today ({data.minimumIndividuals} needed), measured with the program version {data.programId}.
          </p>
          <div className={styles.toolbar}>
            <Field className={styles.search} label="Search people and certifications">
              <SearchBox value={text} onChange={(_, d) => setText(d.value)} />
            </Field>
            <Field label="Show">
              <Dropdown
                value={FILTERS[status]}
                selectedOptions={[status]}
                onOptionSelect={(_, d) => setStatus((d.optionValue ?? "all") as StatusFilter)}
              >
                {(Object.keys(FILTERS) as StatusFilter[]).map((k) => (
                  <Option key={k} value={k}>
                    {FILTERS[k]}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <span className={styles.count} role="status" aria-live="polite">
              {plural(shown.length, "row")} of {formatNumber(all.length)}
            </span>
          </div>
          <div className={styles.wrap}>
            <Table style={AUTO_LAYOUT} size="small" aria-label="People and their certifications">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Person</TableHeaderCell>
                  <TableHeaderCell>Certification</TableHeaderCell>
                  <TableHeaderCell>Earned</TableHeaderCell>
                  <TableHeaderCell>Expires</TableHeaderCell>
                  <TableHeaderCell>Learn profile associated</TableHeaderCell>
                  <TableHeaderCell>Today</TableHeaderCell>
                  <TableHeaderCell>From</TableHeaderCell>
                  {editor && <TableHeaderCell>Actions</TableHeaderCell>}
                </TableRow>
              </TableHeader>
              <TableBody>
                {shown.map(({ person, certification: c }) => (
                  <TableRow key={c?.id ?? person.id}>
                    <TableCell>
                      {personLabel(person)}
                      {person.name !== null && <span className={styles.secondary}>{person.personId}</span>}
                    </TableCell>
                    <TableCell>
                      {c === null ? "—" : c.certification}
                      {c !== null &&
                        c.countsAs !== null &&
                        c.countsAs.toLowerCase() !== c.certification.toLowerCase() && (
                          <span className={styles.secondary}>counts as {c.countsAs}</span>
                        )}
                    </TableCell>
                    <TableCell className={styles.nowrap}>
                      {c?.earnedOn ? formatDate(c.earnedOn) : "—"}
                    </TableCell>
                    <TableCell className={styles.nowrap}>
                      {c?.effectiveExpiry ? formatDate(c.effectiveExpiry) : "—"}
                      {c !== null && c.expiresOn === null && c.effectiveExpiry !== null && (
                        <span className={styles.secondary}>a year after earned</span>
                      )}
                    </TableCell>
                    <TableCell>{c === null ? "—" : associatedLabel(c.associated)}</TableCell>
                    <TableCell>
                      {c === null ? (
                        "No certification"
                      ) : (
                        <Badge appearance="tint" color={statusIntent(c.status)}>
                          {STATUS_LABELS[c.status]}
                        </Badge>
                      )}
                    </TableCell>
                    <TableCell>
                      {c === null
                        ? "—"
                        : c.editedAt !== null
                          ? `Edited here by ${c.editedByName ?? "someone"}`
                          : c.origin === "import"
                            ? `Import, line ${c.sourceLine ?? "?"}`
                            : "Added here"}
                    </TableCell>
                    {editor && (
                      <TableCell>
                        {/* The server says, person by person, what this caller may change. */}
                        {can(person, "people.write") && (
                          <div className={styles.actions}>
                            <Button
                              size="small"
                              icon={<AddRegular />}
                              onClick={() => setDialog({ kind: "add-certification", person })}
                              aria-label={`Add a certification for ${personLabel(person)}`}
                            >
                              Certification
                            </Button>
                            {c !== null && (
                              <Button
                                size="small"
                                icon={<EditRegular />}
                                onClick={() =>
                                  setDialog({ kind: "edit-certification", person, certification: c })
                                }
                                aria-label={`Edit ${c.certification} of ${personLabel(person)}`}
                              />
                            )}
                            {c === null && (
                              <Button
                                size="small"
                                icon={<EditRegular />}
                                onClick={() => setDialog({ kind: "edit-person", person })}
                                aria-label={`Edit ${personLabel(person)}`}
                              />
                            )}
                            <Button
                              size="small"
                              icon={<DeleteRegular />}
                              onClick={() => {
                                remove.reset();
                                setDeleting({ person, certification: c });
                              }}
                              aria-label={
                                c === null
                                  ? `Remove ${personLabel(person)}`
                                  : `Remove ${c.certification} of ${personLabel(person)}`
                              }
                            />
                          </div>
                        )}
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <section className={styles.section} aria-labelledby="expiry-heading">
            <h2 id="expiry-heading" className={styles.heading}>
              Expiry timeline
            </h2>
            {timeline.length === 0 ? (
              <p className={styles.muted}>No counting certification has an expiry.</p>
            ) : (
              <div className={styles.wrap}>
                <Table style={AUTO_LAYOUT} size="small" aria-label="Counting certifications by expiry">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Expires</TableHeaderCell>
                      <TableHeaderCell>In</TableHeaderCell>
                      <TableHeaderCell>Person</TableHeaderCell>
                      <TableHeaderCell>Certification</TableHeaderCell>
                      <TableHeaderCell>Time left (of a year)</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {timeline.map(({ person, certification: c }) => {
                      const days = daysBetween(today, c.effectiveExpiry as string);
                      return (
                        <TableRow key={c.id}>
                          <TableCell className={styles.nowrap}>
                            {formatDate(c.effectiveExpiry as string)}
                          </TableCell>
                          <TableCell className={styles.nowrap}>{plural(days, "day")}</TableCell>
                          <TableCell>{personLabel(person)}</TableCell>
                          <TableCell>{c.certification}</TableCell>
                          <TableCell>
                            <div
                              className={styles.bar}
                              style={{ width: `${Math.max(2, Math.min(100, (days / 365) * 100))}%` }}
                              aria-hidden="true"
                            />
                          </TableCell>
                        </TableRow>
                      );
                    })}
                  </TableBody>
                </Table>
              </div>
            )}
          </section>
        </>
      )}

      <PersonDialog
        orgId={org.id}
        mode={dialog}
        choices={data?.choices ?? []}
        onClose={() => setDialog(null)}
        onSaved={(message) => {
          setDialog(null);
          setNotice(message);
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={
          deleting?.certification == null
            ? `Remove ${deleting === null ? "" : personLabel(deleting.person)}?`
            : `Remove ${deleting.certification.certification} of ${personLabel(deleting.person)}?`
        }
        confirmLabel="Remove"
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(null)}
        pending={remove.isPending}
        error={remove.error}
      >
        <p>
          {deleting?.certification == null
            ? "The person and every certification row of theirs leave the list. The change is in the activity log."
            : "The row leaves the list; the knowledge requirement no longer counts it. The change is in the activity log."}
        </p>
      </ConfirmDialog>
    </div>
  );
}
