/**
 * A problem with the input, named as the user can find it: the file as they named it, the 1-based line
 * (the header is line 1; in XLSX the row number), the column as written in their header.
 * Readers return problems instead of throwing on the first one, so a user fixes a file in one pass.
 */
export interface InputProblem {
  readonly file: string;
  readonly line?: number | undefined;
  readonly column?: string | undefined;
  readonly code: InputProblemCode;
  readonly message: string;
}

/** Stable ids of input problems (scripts and the web app key on them, never on the message). */
export type InputProblemCode =
  | "file.unreadable"
  | "file.ambiguous"
  | "file.format"
  | "file.limit"
  | "file.encoding"
  | "column.missing"
  | "column.mapping"
  | "cell.required"
  | "cell.date"
  | "cell.month"
  | "cell.number"
  | "cell.boolean"
  | "cell.negative"
  | "cell.value"
  | "row.duplicate";

/** "azure-usage.csv, line 5, column ACR_USD: ..." */
export function formatProblem(p: InputProblem): string {
  const where = [
    p.file,
    p.line === undefined ? undefined : `line ${p.line}`,
    p.column === undefined ? undefined : `column ${p.column}`,
  ]
    .filter((x) => x !== undefined)
    .join(", ");
  return `${where}: ${p.message}`;
}

/** Keeps the first `limit` problems of a file and counts the rest, so a broken million-row file stays small. */
export class ProblemList {
  readonly items: InputProblem[] = [];
  total = 0;

  constructor(private readonly limit = 1000) {}

  add(problem: InputProblem): void {
    this.total++;
    if (this.items.length < this.limit) this.items.push(problem);
  }

  get omitted(): number {
    return this.total - this.items.length;
  }
}
