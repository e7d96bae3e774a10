import type { CSSProperties } from "react";

/**
 * Fluent's Table lays columns out at equal widths (`table-layout: fixed`); data tables whose columns
 * hold a date, a file name or a sentence read better sized by their content.
 */
export const AUTO_LAYOUT: CSSProperties = { tableLayout: "auto" };
