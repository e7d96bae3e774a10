import { JsonParam, type SqlValue } from "./sql.js";

/** A parameter as both drivers take it: JSON as text, a bigint as its digits. */
export function toParam(value: SqlValue): unknown {
  if (value === null || typeof value !== "object")
    return typeof value === "bigint" ? value.toString() : value;
  if (value instanceof JsonParam) return JSON.stringify(value.value);
  if (Array.isArray(value)) return value; // text[] columns
  return JSON.stringify(value);
}
