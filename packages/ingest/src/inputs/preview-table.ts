import { cellText, type TableSink } from "../table/cell.js";
import { detectTableFormat } from "../table/detect-table-format.js";
import { readTableAs } from "../table/read-table.js";
import { type BoundColumns, bindColumns, type ColumnMapping, type ColumnMatch } from "./columns.js";
import { echo } from "./echo.js";
import { type ImportKind, inputColumns } from "./input-columns.js";
import { type InputProblem, ProblemList } from "./input-problem.js";
import { fileProblem } from "./read-input-file.js";
import { DEFAULT_READ_LIMITS, type ReadLimits } from "./read-limits.js";

/** A column of the kind, and the header of the file that holds it. */
export interface PreviewColumn {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  /** The header as the file writes it, or null when no header holds the column. */
  readonly header: string | null;
  readonly matchedBy: ColumnMatch;
}

/** The start of a file as the user sees it, and how its headers match the columns of its kind. */
export interface TablePreview {
  /** The header row, each text trimmed (and cut to `ECHO_CHARS`). */
  readonly header: string[];
  /** The first data rows, as text, one cell per header column (each cut to `ECHO_CHARS`). */
  readonly rows: string[][];
  /** Whether some header or cell was longer than `ECHO_CHARS` and is shown cut, ending in "…". */
  readonly truncated: boolean;
  /** The columns of the kind, in the order of `inputColumns`. */
  readonly columns: PreviewColumn[];
  /** Required columns no header holds (a column another one stands in for is not missing). */
  readonly missingRequired: string[];
  /**
   * What is wrong with the mapping: an entry naming no column of the kind, or a header the file does not
   * have. Such an entry is left out (that column is matched by name); importing with it would fail.
   */
  readonly problems: InputProblem[];
}

/** A preview, or why the file cannot be shown as a table. */
export type PreviewResult =
  | { readonly ok: true; readonly preview: TablePreview }
  | { readonly ok: false; readonly problems: InputProblem[] };

/**
 * Shows the first rows of an uploaded file and how its headers match the columns of `kind`, with the
 * user's `mapping` applied: what the user checks, and corrects, before importing. Reads only the start
 * of the file, however large. The format is told by the file's content, not its name.
 *
 * @param path where the file is stored.
 * @param fileName the name the user uploaded it as, used in problems.
 * @returns the preview, or the problem that makes the file unreadable as a table (not CSV or XLSX,
 *   empty, damaged, no header row).
 */
export async function previewTable(
  path: string,
  fileName: string,
  kind: ImportKind,
  options: {
    readonly rows?: number;
    readonly mapping?: ColumnMapping | undefined;
    /** What the file may hold at most (default `DEFAULT_READ_LIMITS`). */
    readonly limits?: ReadLimits | undefined;
  } = {},
): Promise<PreviewResult> {
  const specs = inputColumns[kind];
  const mappingProblems = new ProblemList();
  let header: string[] = [];
  let bound: BoundColumns | undefined;
  const rows: string[][] = [];
  let truncated = false;
  const shown = (text: string): string => {
    const cut = echo(text);
    if (cut !== text) truncated = true;
    return cut;
  };
  const sink: TableSink = {
    header(cells, line) {
      header = cells.map((c) => shown(c.trim()));
      bound = bindColumns(fileName, cells, specs, line, mappingProblems, options.mapping);
      return cells.map((_, i) => i);
    },
    row(cells) {
      rows.push(Array.from({ length: cells.size }, (_, k) => shown(cellText(cells.get(k)))));
    },
  };
  try {
    const format = await detectTableFormat(path, fileName);
    await readTableAs(format, path, fileName, sink, {
      maxRows: options.rows ?? 10,
      limits: options.limits ?? DEFAULT_READ_LIMITS,
    });
  } catch (error) {
    const problem = fileProblem(error, fileName);
    if (problem === undefined) throw error;
    return { ok: false, problems: [problem] };
  }
  // Both readers call `header` before they return without an error.
  const b = bound as BoundColumns;
  return {
    ok: true,
    preview: {
      header,
      rows,
      truncated,
      columns: specs.map((spec, k) => ({
        name: spec.name,
        required: spec.required,
        description: spec.description,
        header: b.matchedBy[k] === null ? null : shown(b.names[k] as string),
        matchedBy: b.matchedBy[k] ?? null,
      })),
      missingRequired: [...b.missing],
      problems: mappingProblems.items.filter((p) => p.code === "column.mapping"),
    },
  };
}
