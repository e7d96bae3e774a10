import { addDays, addMonths, type CalendarDate } from "../calendar/calendar-date.js";
import type { CertificationDefinition, Program } from "../program/program-definition.js";
import type { CertificationRecord } from "../records/input-records.js";
import type { ChangeEvent, Gap, RequirementResult, RequirementStatus } from "./evaluation-types.js";
import { lookupsOf } from "./program-lookups.js";
import { interpretationOf, listInWords, plural, resourcesFor } from "./resources.js";

export interface CertificationHeld {
  readonly certification: string;
  /** The program certification it counts as ("DP-100"), or null when it is another certification. */
  readonly countsAs: string | null;
  readonly earnedDate: CalendarDate | null;
  /** The expiry used by the rule: the file's ExpirationDate, else earned + validity, else null (none). */
  readonly expiresOn: CalendarDate | null;
  readonly associated: boolean | null;
  readonly counting: boolean;
  /** Why it does not count, in words (null when it counts or is another certification). */
  readonly notCountingBecause: string | null;
  /** When the renewal assessment opens (null without an expiry). */
  readonly renewalOpensOn: CalendarDate | null;
  readonly line: number;
}

export interface PersonCertifications {
  readonly personId: string;
  readonly name: string | null;
  readonly counts: boolean;
  readonly certifications: readonly CertificationHeld[];
}

export interface KnowledgeDetails {
  readonly individualCount: number;
  readonly holders: Readonly<Record<string, number>>;
  readonly requiredIndividuals: number;
  readonly requiredCertifications: readonly string[];
  readonly people: readonly PersonCertifications[];
}

/** A certification row read against the program: which program certification it is, and its expiry. */
export interface ClassifiedCertification {
  readonly record: CertificationRecord;
  /** The program certification it counts as; undefined for another certification. */
  readonly definition: CertificationDefinition | undefined;
  /** The expiry the rule uses: the file's ExpirationDate, else earned + validity, else none. */
  readonly expiresOn: CalendarDate | undefined;
}

/**
 * Where a certification stands on a date: `counting`, or why not. The reasons are checked in the order
 * a person fixes them: the association, the earned date, the expiry. Another certification (not of the
 * program) is `does_not_count` whatever its dates.
 */
export type CertificationStatus =
  | "counting"
  | "not_associated"
  | "not_yet_earned"
  | "expired"
  | "does_not_count";

/** Reads certification rows against the program (names ignore case; expiry defaults to earned + validity). */
export function classifyCertifications(
  program: Program,
  records: readonly CertificationRecord[],
): ClassifiedCertification[] {
  const lookups = lookupsOf(program);
  return records.map((record) => ({
    record,
    definition: lookups.certifications.get(record.certification.toLowerCase()),
    expiresOn:
      record.expirationDate ??
      (record.earnedDate === undefined
        ? undefined
        : addMonths(record.earnedDate, program.knowledge.defaultValidityMonths)),
  }));
}

/**
 * The status of a certification on a date. It counts when it is a program certification, the person is
 * associated (or the file does not say), it was earned on or before the date and the date is on or before
 * its expiry.
 */
export function certificationStatusAt(c: ClassifiedCertification, date: CalendarDate): CertificationStatus {
  const r = c.record;
  if (c.definition === undefined) return "does_not_count";
  if (r.associated === false) return "not_associated";
  if (r.earnedDate !== undefined && r.earnedDate > date) return "not_yet_earned";
  if (c.expiresOn !== undefined && c.expiresOn < date) return "expired";
  return "counting";
}

function countsAt(c: ClassifiedCertification, date: CalendarDate): boolean {
  return certificationStatusAt(c, date) === "counting";
}

/** The day the renewal assessment opens: the expiry minus the program's renewal window. */
export function renewalOpensOn(program: Program, expiresOn: CalendarDate): CalendarDate {
  return addMonths(expiresOn, -program.knowledge.renewalWindowMonths);
}

/** One individual's certification rows; individuals are distinct by person id, ignoring case. */
export interface PersonRows {
  /** The person id lower-cased: what makes two rows the same individual. */
  readonly key: string;
  /** The person id as first written. */
  readonly personId: string;
  /** The first name given in any of the person's rows. */
  readonly name: string | null;
  readonly items: readonly ClassifiedCertification[];
}

/** Groups certification rows by individual, in the order individuals first appear, rows in file order. */
export function certificationsByPerson(classified: readonly ClassifiedCertification[]): PersonRows[] {
  const byPerson = new Map<
    string,
    { personId: string; name: string | undefined; items: ClassifiedCertification[] }
  >();
  for (const c of classified) {
    const key = c.record.personId.toLowerCase();
    let p = byPerson.get(key);
    if (p === undefined) {
      p = { personId: c.record.personId, name: c.record.personName, items: [] };
      byPerson.set(key, p);
    }
    if (p.name === undefined) p.name = c.record.personName;
    p.items.push(c);
  }
  return [...byPerson].map(([key, p]) => ({
    key,
    personId: p.personId,
    name: p.name ?? null,
    items: p.items,
  }));
}

interface KnowledgeFigures {
  readonly individuals: ReadonlySet<string>;
  readonly holders: ReadonlyMap<string, ReadonlySet<string>>;
  readonly status: RequirementStatus;
}

function figuresAt(
  program: Program,
  classified: readonly ClassifiedCertification[],
  date: CalendarDate,
): KnowledgeFigures {
  const individuals = new Set<string>();
  const holders = new Map<string, Set<string>>(
    program.knowledge.certifications.map((c) => [c.id, new Set<string>()]),
  );
  for (const c of classified) {
    if (!countsAt(c, date) || c.definition === undefined) continue;
    const person = c.record.personId.toLowerCase();
    individuals.add(person);
    holders.get(c.definition.id)?.add(person);
  }
  const met =
    individuals.size >= program.knowledge.minimumIndividuals &&
    [...holders.values()].every((h) => h.size > 0);
  return { individuals, holders, status: met ? "met" : "not_met" };
}

/**
 * Certified individuals: enough distinct people with a counting program certification, and every program
 * certification held by at least one of them.
 */
export function evaluateKnowledge(
  program: Program,
  records: readonly CertificationRecord[] | undefined,
  asOf: CalendarDate,
): RequirementResult<KnowledgeDetails> {
  const rules = program.knowledge;
  const certNames = rules.certifications.map(
    (c) => `${c.id} (${c.title.replace(/^Microsoft Certified: /, "")})`,
  );
  const rule =
    `At least ${plural(rules.minimumIndividuals, "individual")} associated with the partner hold ${listInWords(certNames)} — any of them — and each of these certifications is held by at least one of them. ` +
    `A certification counts from the day it was earned until its expiry (${plural(rules.defaultValidityMonths, "month")} after it was earned when no expiry is given).`;
  const base = {
    id: "knowledge" as const,
    title: "Knowledge: certified individuals",
    rule,
    interpretation: interpretationOf(program, "knowledge"),
    resources: resourcesFor(program, "knowledge"),
  };
  if (records === undefined) {
    return {
      ...base,
      status: "no_data",
      summary: "No certifications file: certified individuals cannot be checked.",
      gaps: [
        {
          code: "knowledge.no-data",
          message:
            "Add certifications.csv (columns PersonId, Certification, and if you have them PersonName, EarnedDate, ExpirationDate, Associated) listing who holds which certification.",
        },
      ],
      changes: [],
    };
  }

  const classified = classifyCertifications(program, records);
  const current = figuresAt(program, classified, asOf);

  const people: PersonCertifications[] = certificationsByPerson(classified)
    .map((p) => ({
      personId: p.personId,
      name: p.name,
      counts: current.individuals.has(p.key),
      certifications: p.items.map((c) => held(program, c, asOf)),
    }))
    .sort((a, b) => Number(b.counts) - Number(a.counts) || a.personId.localeCompare(b.personId));

  const holders = Object.fromEntries([...current.holders].map(([id, set]) => [id, set.size]));
  const details: KnowledgeDetails = {
    individualCount: current.individuals.size,
    holders,
    requiredIndividuals: rules.minimumIndividuals,
    requiredCertifications: rules.certifications.map((c) => c.id),
    people,
  };

  const gaps: Gap[] = [];
  const missingCerts = rules.certifications.filter((c) => (current.holders.get(c.id)?.size ?? 0) === 0);
  const missingPeople = Math.max(0, rules.minimumIndividuals - current.individuals.size);
  if (missingCerts.length > 0 || missingPeople > 0) {
    // The fewest new certified people that close every gap: each missing certification needs a holder,
    // and new holders also raise the head count.
    const newPeople = Math.max(missingPeople, missingCerts.length);
    const certText = (c: CertificationDefinition) =>
      `${c.id} (${c.title.replace(/^Microsoft Certified: /, "")})`;
    const standing = `${plural(current.individuals.size, "certified individual")} of ${rules.minimumIndividuals} now`;
    let message: string;
    if (missingPeople === 0) {
      message = `A holder of ${listInWords(missingCerts.map(certText), "and a holder of")}: none of the ${current.individuals.size} certified individuals holds ${missingCerts.length === 1 ? "it" : "them"}.`;
    } else if (missingCerts.length === 0) {
      message = `${newPeople === 1 ? "One more certified individual" : `${newPeople} more certified individuals`} holding ${listInWords(
        rules.certifications.map((c) => c.id),
        "or",
      )} (${standing}).`;
    } else {
      message =
        newPeople === 1
          ? `One more certified individual, holding ${certText(missingCerts[0] as CertificationDefinition)} (${standing}).`
          : `${newPeople} more certified individuals, among them a holder of ${listInWords(missingCerts.map(certText), "and a holder of")} (${standing}).`;
    }
    gaps.push({ code: "knowledge.individuals-short", message });
    for (const p of people) {
      if (p.counts) continue;
      for (const c of p.certifications) {
        if (c.countsAs === null || c.notCountingBecause === null) continue;
        const who = p.name ?? p.personId;
        const fix =
          c.associated === false
            ? "ask them to associate their Microsoft Learn profile with your Partner Center account (credit appears within about ten days)"
            : c.earnedDate !== null && c.earnedDate > asOf
              ? "it counts from that day"
              : lapsedAdvice(
                  rules.certifications.find((d) => d.id === c.countsAs),
                  asOf,
                );
        gaps.push({
          code: "knowledge.person-not-counting",
          message: `${who}'s ${c.countsAs} does not count: ${c.notCountingBecause}; ${fix}.`,
        });
      }
    }
  }

  for (const p of people) {
    for (const c of p.certifications) {
      if (!c.counting || c.expiresOn === null || c.renewalOpensOn === null || c.renewalOpensOn > asOf)
        continue;
      gaps.push({
        code: "knowledge.renewal-open",
        message: `${p.name ?? p.personId}'s ${c.countsAs} expires on ${c.expiresOn}: the free renewal assessment on Microsoft Learn is open now (since ${c.renewalOpensOn}); renewing adds a year.`,
      });
    }
  }

  // Exams retire (program data): say so next to the gap, since a new holder may need the successor.
  for (const c of rules.certifications) {
    if (c.retirement === null || addMonths(c.retirement.date, -rules.renewalWindowMonths) > asOf) continue;
    const when =
      c.retirement.date <= asOf ? `retired on ${c.retirement.date}` : `retires on ${c.retirement.date}`;
    gaps.push({
      code: "knowledge.exam-retirement",
      message: `Exam ${c.id} ${when}${c.retirement.successor ? ` (successor: ${c.retirement.successor})` : ""}. ${c.retirement.note}`,
    });
  }

  return {
    ...base,
    status: current.status,
    details,
    summary:
      `${plural(current.individuals.size, "certified individual")} (needs ${rules.minimumIndividuals}); ` +
      rules.certifications
        .map((c) => `${c.id}: ${plural(current.holders.get(c.id)?.size ?? 0, "holder")}`)
        .join(", ") +
      ".",
    gaps,
    changes: knowledgeChanges(program, classified, asOf, current),
  };
}

/** A lapsed certification needs the exam again, or its successor once the exam has retired. */
function lapsedAdvice(definition: CertificationDefinition | undefined, asOf: CalendarDate): string {
  const retirement = definition?.retirement;
  if (retirement?.successor !== undefined && retirement.date <= asOf) {
    return `a lapsed certification needs the exam again, now ${retirement.successor} (${definition?.id} retired on ${retirement.date})`;
  }
  return "a lapsed certification needs the exam again";
}

function held(program: Program, c: ClassifiedCertification, asOf: CalendarDate): CertificationHeld {
  const r = c.record;
  const status = certificationStatusAt(c, asOf);
  let because: string | null = null;
  if (status === "not_associated") because = "the person is not associated with the partner";
  else if (status === "not_yet_earned") because = `it is earned on ${r.earnedDate}, after ${asOf}`;
  else if (status === "expired") because = `it expired on ${c.expiresOn}`;
  return {
    certification: r.certification,
    countsAs: c.definition?.id ?? null,
    earnedDate: r.earnedDate ?? null,
    expiresOn: c.expiresOn ?? null,
    associated: r.associated ?? null,
    counting: status === "counting",
    notCountingBecause: because,
    renewalOpensOn: c.expiresOn === undefined ? null : renewalOpensOn(program, c.expiresOn),
    line: r.source.line,
  };
}

/**
 * On current data the figures move only when a certification starts counting (earned after the as-of
 * date) or stops (the day after its expiry). Each such date is evaluated in order.
 */
function knowledgeChanges(
  program: Program,
  classified: readonly ClassifiedCertification[],
  asOf: CalendarDate,
  now: KnowledgeFigures,
): ChangeEvent[] {
  const dates = new Set<CalendarDate>();
  for (const c of classified) {
    if (c.definition === undefined || c.record.associated === false) continue;
    if (c.record.earnedDate !== undefined && c.record.earnedDate > asOf) dates.add(c.record.earnedDate);
    if (c.expiresOn !== undefined && c.expiresOn >= asOf) dates.add(addDays(c.expiresOn, 1));
  }
  const events: ChangeEvent[] = [];
  let previous = now;
  for (const date of [...dates].sort()) {
    const next = figuresAt(program, classified, date);
    const what: string[] = [];
    for (const c of classified) {
      if (c.definition === undefined || c.record.associated === false) continue;
      const who = c.record.personName ?? c.record.personId;
      if (c.record.earnedDate === date) what.push(`${who}'s ${c.definition.id} starts counting`);
      if (c.expiresOn !== undefined && addDays(c.expiresOn, 1) === date) {
        what.push(`${who}'s ${c.definition.id} expires on ${c.expiresOn} unless renewed`);
      }
    }
    const statusChanges = next.status !== previous.status;
    const figures = `${plural(next.individuals.size, "certified individual")}, ${program.knowledge.certifications.map((c) => `${c.id}: ${next.holders.get(c.id)?.size ?? 0}`).join(", ")}`;
    events.push({
      date,
      requirement: "knowledge",
      status: next.status,
      statusChanges,
      message: `${listInWords(what)}: ${figures}${statusChanges ? ` — knowledge becomes ${next.status === "met" ? "met" : "not met"}` : ""}.`,
    });
    previous = next;
  }
  return events;
}
