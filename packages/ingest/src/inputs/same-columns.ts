import { bindColumns, type ColumnMapping } from "./columns.js";
import { type ImportKind, inputColumns, usageServiceColumns } from "./input-columns.js";
import { ProblemList } from "./input-problem.js";

/**
 * Whether two mappings read the same columns of a file whose header is `header`: each binds every
 * column the readers of `kind` may bind (a usage file's service columns included) to the same place,
 * and neither has a problem with it. The readers use the mapping only through `bindColumns`, so a file
 * read with one of them reads the same with the other (a mapping naming the headers that matching by
 * name finds, as the preview proposes them, against no mapping at all).
 */
export function mappingsReadAlike(
  kind: ImportKind,
  header: readonly string[],
  a: ColumnMapping,
  b: ColumnMapping,
): boolean {
  const base = inputColumns[kind];
  const specLists = kind === "azure-usage" ? [base, [...base, ...usageServiceColumns]] : [base];
  return specLists.every((specs) => {
    const problemsA = new ProblemList(1);
    const problemsB = new ProblemList(1);
    const boundA = bindColumns("", header, specs, 1, problemsA, a);
    const boundB = bindColumns("", header, specs, 1, problemsB, b);
    return (
      problemsA.total === 0 &&
      problemsB.total === 0 &&
      boundA.indexes.every((index, k) => boundB.indexes[k] === index)
    );
  });
}
