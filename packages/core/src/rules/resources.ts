import type { Program, RequirementId } from "../program/program-definition.js";
import type { ResourceLink } from "./evaluation-types.js";

/** The program's how-to-prepare resources for one requirement. */
export function resourcesFor(program: Program, requirement: RequirementId): ResourceLink[] {
  return program.resources
    .filter((r) => r.requirement === requirement)
    .map((r) => ({ title: r.title, url: r.url }));
}

/** The program's stated interpretation of an ambiguous rule, if any. */
export function interpretationOf(program: Program, requirement: RequirementId): string | undefined {
  const texts = program.interpretations.filter((i) => i.requirement === requirement).map((i) => i.text);
  return texts.length === 0 ? undefined : texts.join(" ");
}

/** "1 customer", "2 customers". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "a, b and c" (or "a, b or c"). */
export function listInWords(items: readonly string[], conjunction = "and"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}
