import {
  Badge,
  Button,
  Checkbox,
  Dropdown,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { ErrorCircleRegular } from "@fluentui/react-icons";
import { useEffect, useMemo, useRef, useState } from "react";
import { ErrorMessage } from "../../../components/error-message";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { ApiError } from "../../../lib/api-client";
import { formatBytes, listInWords } from "../../../lib/format";
import {
  duplicateHeaders,
  initialMapping,
  mappingForRequest,
  missingRequired,
  sampleValues,
} from "../import-helpers";
import { kindLabel } from "../kinds";
import type { ColumnMapping, Upload } from "../types";
import { ProblemsTable } from "./problems-table";

const NOT_MAPPED = "\u0000not-mapped";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  heading: { ...typographyStyles.subtitle2, margin: 0, ":focus": { outline: "none" } },
  subheading: { ...typographyStyles.body1Strong, margin: 0 },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  tableWrap: {
    overflowX: "auto",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  columnName: {
    ...typographyStyles.body1Strong,
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    flexWrap: "wrap",
  },
  description: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3, display: "block" },
  dropdown: { minWidth: "200px", maxWidth: "280px" },
  missing: {
    color: tokens.colorPaletteRedForeground1,
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXXS,
    ...typographyStyles.caption1,
  },
  sample: {
    ...typographyStyles.caption1,
    color: tokens.colorNeutralForeground2,
    fontFamily: tokens.fontFamilyMonospace,
  },
  cell: { verticalAlign: "top", paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS },
  rawCell: { whiteSpace: "nowrap", maxWidth: "240px", overflow: "hidden", textOverflow: "ellipsis" },
  mappedHeader: { backgroundColor: tokens.colorBrandBackground2 },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
});

export interface MappingPreviewProps {
  readonly upload: Upload;
  readonly pending: boolean;
  readonly error: unknown;
  readonly onImport: (mapping: Record<string, string>, remember: boolean) => void;
  readonly onCancel: () => void;
}

/**
 * The file as uploaded: its first rows, and per column specready reads, the file's header it takes
 * it from. Importing waits until every required column has a header.
 */
export function MappingPreview({ upload, pending, error, onImport, onCancel }: MappingPreviewProps) {
  const styles = useStyles();
  const { preview } = upload;
  const [mapping, setMapping] = useState<ColumnMapping>(() => initialMapping(preview.columns));
  const [remember, setRemember] = useState(true);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const missing = useMemo(() => missingRequired(preview.columns, mapping), [preview.columns, mapping]);
  const duplicates = useMemo(() => duplicateHeaders(mapping), [mapping]);
  const mappedHeaders = new Set(Object.values(mapping).filter((h): h is string => h !== null));

  return (
    <section className={styles.root} aria-labelledby="preview-heading">
      <h3 id="preview-heading" ref={heading} tabIndex={-1} className={styles.heading}>
        Check the columns of {upload.fileName}
      </h3>
      <p className={styles.intro}>
        {kindLabel(upload.kind)} file, {formatBytes(upload.size)}. specready matched the file's headers to the
        columns it reads; choose the header for any column it could not match.
        {preview.savedMapping ? " The mapping remembered for this kind of file was applied." : ""}
      </p>

      <div className={styles.tableWrap}>
        <Table style={AUTO_LAYOUT} size="small" aria-label="Columns and the headers they are read from">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Column</TableHeaderCell>
              <TableHeaderCell>Header in your file</TableHeaderCell>
              <TableHeaderCell>Values in the first rows</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {preview.columns.map((c) => {
              const chosen = mapping[c.name] ?? null;
              const unmapped = c.required && chosen === null;
              const samples = sampleValues(preview.header, preview.rows, chosen);
              const errorId = `mapping-missing-${c.name}`;
              return (
                <TableRow key={c.name}>
                  <TableCell className={styles.cell}>
                    <span className={styles.columnName}>
                      {c.name}
                      {c.required ? (
                        <Badge size="small" appearance="tint" color="brand">
                          Required
                        </Badge>
                      ) : (
                        <Badge size="small" appearance="outline" color="informative">
                          Optional
                        </Badge>
                      )}
                    </span>
                    {c.description !== "" && <span className={styles.description}>{c.description}</span>}
                  </TableCell>
                  <TableCell className={styles.cell}>
                    <Dropdown
                      className={styles.dropdown}
                      aria-label={`Header for ${c.name}${c.required ? " (required)" : ""}`}
                      aria-invalid={unmapped || undefined}
                      aria-describedby={unmapped ? errorId : undefined}
                      value={chosen ?? "Not in this file"}
                      selectedOptions={[chosen ?? NOT_MAPPED]}
                      onOptionSelect={(_, data) =>
                        setMapping((m) => ({
                          ...m,
                          [c.name]: data.optionValue === NOT_MAPPED ? null : (data.optionValue ?? null),
                        }))
                      }
                      disabled={pending}
                    >
                      <Option value={NOT_MAPPED} text="Not in this file">
                        Not in this file
                      </Option>
                      {preview.header.map((h) => (
                        <Option key={h} value={h} text={h}>
                          {h}
                        </Option>
                      ))}
                    </Dropdown>
                    {unmapped && (
                      <span id={errorId} className={styles.missing}>
                        <ErrorCircleRegular aria-hidden="true" /> Required: choose the header
                      </span>
                    )}
                    {chosen !== null && c.matchedBy !== null && chosen === c.header && (
                      <span className={styles.description}>
                        {c.matchedBy === "mapping" ? "From the remembered mapping" : "Matched by name"}
                      </span>
                    )}
                  </TableCell>
                  <TableCell className={styles.cell}>
                    <span className={styles.sample}>{samples.length > 0 ? samples.join(" · ") : "—"}</span>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>

      {missing.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Required columns without a header</MessageBarTitle>
            Choose the headers for {listInWords(missing)} to import this file.
          </MessageBarBody>
        </MessageBar>
      )}
      {duplicates.length > 0 && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            {listInWords(duplicates.map((d) => `"${d}"`))} {duplicates.length === 1 ? "is" : "are"} chosen for
            more than one column. Check that this is intended.
          </MessageBarBody>
        </MessageBar>
      )}

      <h4 className={styles.subheading}>First rows of the file</h4>
      <div className={styles.tableWrap}>
        <Table
          style={AUTO_LAYOUT}
          size="extra-small"
          aria-label={`First ${preview.rows.length} rows of ${upload.fileName}`}
        >
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Line</TableHeaderCell>
              {preview.header.map((h, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: headers may repeat; their position identifies them
                <TableHeaderCell key={i} className={mappedHeaders.has(h) ? styles.mappedHeader : undefined}>
                  {h}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {preview.rows.map((row, r) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: preview rows are positional
              <TableRow key={r}>
                {/* The header is line 1, as in the problems the import reports. */}
                <TableCell>{r + 2}</TableCell>
                {preview.header.map((_, c) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                  <TableCell key={c} className={styles.rawCell} title={row[c]}>
                    {row[c] ?? ""}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {preview.rows.length === 0 && <Text>The file has a header but no data rows.</Text>}

      {error !== null && error !== undefined && (
        <ErrorMessage error={error} title="The import could not start" />
      )}
      {error instanceof ApiError && error.problems.length > 0 && (
        <ProblemsTable problems={error.problems} total={error.problemTotal ?? undefined} />
      )}

      <Checkbox
        checked={remember}
        onChange={(_, d) => setRemember(d.checked === true)}
        label={`Remember this mapping for ${kindLabel(upload.kind).toLowerCase()} files`}
        disabled={pending}
      />
      <div className={styles.actions}>
        <Button
          appearance="primary"
          disabled={missing.length > 0 || pending}
          onClick={() => onImport(mappingForRequest(mapping), remember)}
        >
          {pending ? "Starting…" : "Import"}
        </Button>
        <Button onClick={onCancel} disabled={pending}>
          Choose another file
        </Button>
      </div>
    </section>
  );
}
