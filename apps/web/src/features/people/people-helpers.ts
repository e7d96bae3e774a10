import type { CertificationStatus, Person, PersonCertification } from "./api";

export const STATUS_LABELS: Readonly<Record<CertificationStatus, string>> = {
  counting: "Counts",
  not_associated: "Learn profile not associated",
  not_yet_earned: "Not earned yet",
  expired: "Expired",
  does_not_count: "Not a program certification",
};

export function statusIntent(status: CertificationStatus): "success" | "warning" | "danger" | "informative" {
  if (status === "counting") return "success";
  if (status === "expired") return "danger";
  if (status === "does_not_count") return "informative";
  return "warning";
}

export type StatusFilter = "all" | "counting" | "expiring" | "not-counting";

/** One row of the table: a person's certification, or the person alone when they hold none. */
export interface PeopleRow {
  readonly person: Person;
  readonly certification: PersonCertification | null;
}

export function peopleRows(people: readonly Person[]): PeopleRow[] {
  return people.flatMap((person): PeopleRow[] =>
    person.certifications.length === 0
      ? [{ person, certification: null }]
      : person.certifications.map((certification) => ({ person, certification })),
  );
}

/** Days from `today` to `date` (calendar dates, no time zone). */
export function daysBetween(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** Rows whose person, PersonId or certification contains the text, with the status asked for. */
export function filterRows(
  rows: readonly PeopleRow[],
  text: string,
  status: StatusFilter,
  today: string,
): PeopleRow[] {
  const needle = text.trim().toLowerCase();
  return rows.filter(({ person, certification: c }) => {
    if (needle !== "") {
      const hay = [person.personId, person.name ?? "", c?.certification ?? "", c?.countsAs ?? ""]
        .join("\n")
        .toLowerCase();
      if (!hay.includes(needle)) return false;
    }
    if (status === "all") return true;
    if (c === null) return status === "not-counting";
    if (status === "counting") return c.status === "counting";
    if (status === "not-counting") return c.status !== "counting";
    return (
      c.status === "counting" && c.effectiveExpiry !== null && daysBetween(today, c.effectiveExpiry) <= 180
    );
  });
}

/** The distinct people with a counting certification (PersonId ignoring case). */
export function countingPeople(people: readonly Person[]): number {
  return people.filter((p) => p.certifications.some((c) => c.status === "counting")).length;
}

/** The expiry timeline: counting certifications that expire, soonest first. */
export function expiryTimeline(
  people: readonly Person[],
): { person: Person; certification: PersonCertification }[] {
  return people
    .flatMap((person) =>
      person.certifications
        .filter((c) => c.status === "counting" && c.effectiveExpiry !== null)
        .map((certification) => ({ person, certification })),
    )
    .sort(
      (a, b) =>
        (a.certification.effectiveExpiry as string).localeCompare(
          b.certification.effectiveExpiry as string,
        ) || a.person.personId.localeCompare(b.person.personId),
    );
}

export function personLabel(p: Person): string {
  return p.name === null ? p.personId : p.name;
}

export function associatedLabel(value: boolean | null): string {
  return value === null ? "Not stated" : value ? "Yes" : "No";
}
