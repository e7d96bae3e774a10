import { addDays, addMonths, type CalendarDate } from "../calendar/calendar-date.js";
import {
  canBeEarnedOn,
  hasRetired,
  latestReachableExpiry,
  lifecycleConfidence,
  lifecycleOf,
  renewalClosesOn,
} from "../program/credential-lifecycle.js";
import {
  type CertificationDefinition,
  type CredentialLifecycle,
  hasKnownKnowledge,
  type KnowledgeProgram,
  type Program,
} from "../program/program-definition.js";
import type { CertificationRecord } from "../records/input-records.js";
import type { ChangeEvent, Gap, RequirementResult, RequirementStatus } from "./evaluation-types.js";
import { lookupsOf } from "./program-lookups.js";
import { interpretationOf, listInWords, plural, resourcesFor } from "./resources.js";

export interface CertificationHeld {
  readonly certification: string;
  /** The program certification it counts as ("DP-100"), or null when it is another certification. */
  readonly countsAs: string | null;
  /**
   * The exam code of the certification the row names, when the program knows it: `countsAs` itself, or a
   * successor the version accepts in its place ("AI-103" counting as AI-102).
   */
  readonly credential: string | null;
  readonly earnedDate: CalendarDate | null;
  /** The expiry used by the rule: the file's ExpirationDate, else earned + validity, else null (none). */
  readonly expiresOn: CalendarDate | null;
  readonly associated: boolean | null;
  readonly counting: boolean;
  /** Why it does not count, in words (null when it counts or is another certification). */
  readonly notCountingBecause: string | null;
  /**
   * When the renewal assessment opens for it (null without an expiry, or when it can no longer be
   * renewed because the renewal assessment retires first).
   */
  readonly renewalOpensOn: CalendarDate | null;
  /**
   * The last day it can still be renewed from the as-of date on: the expiry, or the day its renewal
   * assessment retires when that is earlier. Null when it can no longer be renewed (or has no expiry).
   */
  readonly renewableUntil: CalendarDate | null;
  readonly line: number;
}

/** Where a program certification stands in its lifecycle on the as-of date. */
export interface CertificationLifecycleStatus {
  /** The program certification ("DP-100"). */
  readonly certification: string;
  /** Its exam's last day, when a retirement is known. */
  readonly retires: CalendarDate | null;
  readonly retired: boolean;
  /** Whether a new holder can earn it (or a successor this version accepts in its place) on the as-of date. */
  readonly canBeEarned: boolean;
  readonly successor: {
    readonly id: string;
    readonly certification: string;
    readonly accepted: boolean;
  } | null;
  /** The individuals whose certification counts on the as-of date. */
  readonly currentHolders: number;
  /**
   * The last day a current holder's certification counts, renewals included while they are possible;
   * null when no current holder counts, or when one holds it without an end (no expiry, or renewals
   * without a known end).
   */
  readonly lastDayHeld: CalendarDate | null;
  /** Who reports the retirement. */
  readonly confidence: string | null;
  readonly sources: readonly string[];
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
  /** Each program certification's lifecycle: retirement, successor, the last day current holders count. */
  readonly lifecycle: readonly CertificationLifecycleStatus[];
  /**
   * The first day knowledge can no longer be met by the current holders, because a certification it
   * needs has retired and its last current holder's certification has expired; null when retirements do
   * not limit it.
   */
  readonly cannotBeMetFrom: CalendarDate | null;
}

/** A certification row read against the program: which program certification it is, and its expiry. */
export interface ClassifiedCertification {
  readonly record: CertificationRecord;
  /** The program certification it counts as; undefined for another certification. */
  readonly definition: CertificationDefinition | undefined;
  /** The exam code of the certification the row names (a successor accepted in `definition`'s place). */
  readonly credentialId: string | undefined;
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
    credentialId: lookups.credentialIds.get(record.certification.toLowerCase()),
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

/**
 * When the renewal assessment opens for a certification, as far as it still can: null without an expiry,
 * or when its renewal assessment retires before the certification's window opens (or has retired).
 */
export function renewalOpening(
  program: Program,
  c: ClassifiedCertification,
  asOf: CalendarDate,
): CalendarDate | null {
  if (c.expiresOn === undefined) return null;
  const life = c.credentialId === undefined ? undefined : lifecycleOf(program, c.credentialId);
  const opens = renewalOpensOn(program, c.expiresOn);
  if (life?.renewalRetires == null) return opens;
  return renewalClosesOn(program, life, c.expiresOn, opens < asOf ? asOf : opens) === null ? null : opens;
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
  program: KnowledgeProgram,
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
  if (!hasKnownKnowledge(program)) {
    // The sources do not give this specialization's certifications: say so, never met or not met.
    const note = "notInProgramData" in program.knowledge ? program.knowledge.notInProgramData : "";
    return {
      id: "knowledge",
      title: "Knowledge: certified individuals",
      status: "unknown",
      summary: `Unknown: ${note}`,
      gaps: [{ code: "knowledge.not-in-program-data", message: note }],
      changes: [],
      rule: `The certifications this specialization requires are not in program data: ${note}`,
      interpretation: interpretationOf(program, "knowledge"),
      resources: resourcesFor(program, "knowledge"),
    };
  }
  return evaluateKnownKnowledge(program, records, asOf);
}

function evaluateKnownKnowledge(
  program: KnowledgeProgram,
  records: readonly CertificationRecord[] | undefined,
  asOf: CalendarDate,
): RequirementResult<KnowledgeDetails> {
  const rules = program.knowledge;
  const certNames = rules.certifications.map(
    (c) =>
      `${c.id} (${c.title.replace(/^Microsoft Certified: /, "")}${
        c.alsoAccepted.length > 0
          ? `, or ${listInWords(
              c.alsoAccepted.map((a) => a.id),
              "or",
            )} in its place`
          : ""
      })`,
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
  const lifecycle = rules.certifications.map((c) => lifecycleStatus(program, c, classified, asOf));
  const limit = limitByRetirements(program, lifecycle, asOf);
  const cannotBeMetFrom = limit?.from ?? null;
  const details: KnowledgeDetails = {
    individualCount: current.individuals.size,
    holders,
    requiredIndividuals: rules.minimumIndividuals,
    requiredCertifications: rules.certifications.map((c) => c.id),
    people,
    lifecycle,
    cannotBeMetFrom,
  };

  const gaps: Gap[] = [];
  const missingCerts = rules.certifications.filter((c) => (current.holders.get(c.id)?.size ?? 0) === 0);
  const missingPeople = Math.max(0, rules.minimumIndividuals - current.individuals.size);
  const earnable = (c: CertificationDefinition) =>
    lifecycle.find((l) => l.certification === c.id)?.canBeEarned ?? true;
  if (missingCerts.length > 0 || missingPeople > 0) {
    gaps.push(...shortGaps(program, current, missingCerts, missingPeople, earnable, asOf));
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
                  program,
                  rules.certifications.find((d) => d.id === c.countsAs),
                  c.credential,
                  asOf,
                );
        gaps.push({
          code: "knowledge.person-not-counting",
          message: `${who}'s ${c.credential ?? c.countsAs} does not count: ${c.notCountingBecause}; ${fix}.`,
        });
      }
    }
  }

  for (const p of people) {
    for (const c of p.certifications) {
      if (!c.counting || c.expiresOn === null || c.countsAs === null) continue;
      const who = p.name ?? p.personId;
      const named = c.credential ?? c.countsAs;
      const life = c.credential === null ? undefined : lifecycleOf(program, c.credential);
      const opens = renewalOpensOn(program, c.expiresOn);
      if (c.renewableUntil !== null) {
        if (opens > asOf) continue;
        const early =
          c.renewableUntil < c.expiresOn
            ? ` — by ${c.renewableUntil}, when ${named}'s renewal assessment retires`
            : "";
        gaps.push({
          code: "knowledge.renewal-open",
          message: `${who}'s ${named} expires on ${c.expiresOn}: the free renewal assessment on Microsoft Learn is open now (since ${opens})${early}; renewing adds a year.`,
        });
      } else if (life?.renewalRetires != null && opens <= addMonths(asOf, 1)) {
        // Only where a renewal would be due about now: the change dates say it for the others.
        const when =
          life.renewalRetires < asOf
            ? `its renewal assessment retired on ${life.renewalRetires}`
            : `its renewal assessment retires on ${life.renewalRetires}, before the renewal window opens on ${opens}`;
        gaps.push({
          code: "knowledge.renewal-closed",
          message: `${who}'s ${named} counts until ${c.expiresOn} and can no longer be renewed: ${when} (${lifecycleConfidence(life)}).`,
        });
      }
    }
  }

  // Exams retire (the credential registry): say so from six months before, without advising to earn or
  // renew what can no longer be earned or renewed.
  for (const c of rules.certifications) {
    const life = lifecycleOf(program, c.id);
    if (life?.retires == null || addMonths(life.retires, -rules.renewalWindowMonths) > asOf) continue;
    gaps.push({ code: "knowledge.exam-retirement", message: retirementMessage(c, life, asOf) });
  }

  if (limit !== null)
    gaps.push({ code: "knowledge.retired-forecast", message: forecastMessage(limit, asOf) });

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

const certText = (c: CertificationDefinition) => `${c.id} (${c.title.replace(/^Microsoft Certified: /, "")})`;

/**
 * What is short, in words: the fewest new certified people that close every gap (each missing
 * certification needs a holder, and new holders also raise the head count), naming only certifications a
 * new holder can still earn; a missing certification that can no longer be earned gets its own words.
 */
function shortGaps(
  program: KnowledgeProgram,
  current: KnowledgeFigures,
  missingCerts: readonly CertificationDefinition[],
  missingPeople: number,
  earnable: (c: CertificationDefinition) => boolean,
  asOf: CalendarDate,
): Gap[] {
  const rules = program.knowledge;
  const gaps: Gap[] = [];
  const newlyMissing = missingCerts.filter(earnable);
  const retiredMissing = missingCerts.filter((c) => !earnable(c));
  const anyEarnable = rules.certifications.filter(earnable);
  const people = Math.max(0, missingPeople - retiredMissing.length);
  const newPeople = Math.max(people, newlyMissing.length);
  const standing = `${plural(current.individuals.size, "certified individual")} of ${rules.minimumIndividuals} now`;
  let message: string | null = null;
  if (newPeople > 0 && (newlyMissing.length > 0 || anyEarnable.length > 0)) {
    if (people === 0 && newlyMissing.length > 0) {
      message = `A holder of ${listInWords(newlyMissing.map(certText), "and a holder of")}: none of the ${current.individuals.size} certified individuals holds ${newlyMissing.length === 1 ? "it" : "them"}.`;
    } else if (newlyMissing.length === 0) {
      message = `${newPeople === 1 ? "One more certified individual" : `${newPeople} more certified individuals`} holding ${listInWords(
        anyEarnable.map((c) => c.id),
        "or",
      )} (${standing}).`;
    } else {
      message =
        newPeople === 1
          ? `One more certified individual, holding ${certText(newlyMissing[0] as CertificationDefinition)} (${standing}).`
          : `${newPeople} more certified individuals, among them a holder of ${listInWords(newlyMissing.map(certText), "and a holder of")} (${standing}).`;
    }
  } else if (missingPeople > 0 && anyEarnable.length === 0) {
    message = `${missingPeople === 1 ? "One more certified individual" : `${missingPeople} more certified individuals`} would be needed (${standing}), but ${listInWords(
      rules.certifications.map((c) => c.id),
    )} can no longer be earned: only people who already hold a valid one can be counted.`;
  }
  if (message !== null) gaps.push({ code: "knowledge.individuals-short", message });
  for (const c of retiredMissing) {
    const life = lifecycleOf(program, c.id);
    gaps.push({
      code: "knowledge.retired-needed",
      message:
        `A holder of ${certText(c)} is needed and none of the ${current.individuals.size} certified individuals holds one. ` +
        `${c.id} retired on ${life?.retires} (${life === undefined ? "" : lifecycleConfidence(life)}) and can no longer be earned: only someone who already holds a valid one can fill the gap (a colleague who associates their Microsoft Learn profile, or a new hire).` +
        successorWords(c, life, asOf),
    });
  }
  return gaps;
}

/** What the successor of a retired certification means for this version, in words (leading space). */
function successorWords(
  c: CertificationDefinition,
  life: CredentialLifecycle | undefined,
  _asOf: CalendarDate,
): string {
  const successor = life?.successor;
  if (successor == null) return "";
  const accepted = c.alsoAccepted.some((a) => a.id === successor.id);
  if (accepted)
    return ` This version also counts its successor ${successor.id} (${successor.certification}) in its place.`;
  return ` Its successor ${successor.id} leads to a different certification, ${successor.certification}, which this program version does not count; Microsoft has not published whether the specialization accepts it.`;
}

function retirementMessage(
  c: CertificationDefinition,
  life: CredentialLifecycle,
  asOf: CalendarDate,
): string {
  const retired = hasRetired(life, asOf);
  const head = retired
    ? `Exam ${c.id} retired on ${life.retires} (${lifecycleConfidence(life)}): ${c.id} can no longer be earned or renewed; holders keep it until it expires.`
    : `Exam ${c.id} retires on ${life.retires} (${lifecycleConfidence(life)}): until then it can be earned and renewed; afterwards holders keep it until it expires.`;
  return head + successorWords(c, life, asOf);
}

/** A lapsed certification needs the exam again while the exam exists; afterwards it cannot come back. */
function lapsedAdvice(
  program: KnowledgeProgram,
  definition: CertificationDefinition | undefined,
  credential: string | null,
  asOf: CalendarDate,
): string {
  const id = credential ?? definition?.id;
  const life = id === undefined ? undefined : lifecycleOf(program, id);
  if (life === undefined || life.retires === null) return "a lapsed certification needs the exam again";
  if (!hasRetired(life, asOf))
    return `a lapsed certification needs the exam again, which can be taken until ${life.retires}, when ${id} retires`;
  const successor = life.successor;
  const accepted = successor != null && definition?.alsoAccepted.some((a) => a.id === successor.id) === true;
  return (
    `it cannot be earned again: ${id} retired on ${life.retires}` +
    (successor == null
      ? ""
      : accepted
        ? `; this version counts ${successor.id} (${successor.certification}) in its place`
        : `; its successor ${successor.id} leads to a different certification (${successor.certification}) that this program version does not count`)
  );
}

function held(program: KnowledgeProgram, c: ClassifiedCertification, asOf: CalendarDate): CertificationHeld {
  const r = c.record;
  const status = certificationStatusAt(c, asOf);
  let because: string | null = null;
  if (status === "not_associated") because = "the person is not associated with the partner";
  else if (status === "not_yet_earned") because = `it is earned on ${r.earnedDate}, after ${asOf}`;
  else if (status === "expired") because = `it expired on ${c.expiresOn}`;
  const life = c.credentialId === undefined ? undefined : lifecycleOf(program, c.credentialId);
  return {
    certification: r.certification,
    countsAs: c.definition?.id ?? null,
    credential: c.credentialId ?? null,
    earnedDate: r.earnedDate ?? null,
    expiresOn: c.expiresOn ?? null,
    associated: r.associated ?? null,
    counting: status === "counting",
    notCountingBecause: because,
    renewalOpensOn: renewalOpening(program, c, asOf),
    renewableUntil:
      c.expiresOn === undefined || c.expiresOn < asOf
        ? null
        : renewalClosesOn(program, life, c.expiresOn, asOf),
    line: r.source.line,
  };
}

/**
 * A program certification's lifecycle on the as-of date: whether it (or a successor this version counts
 * in its place) can still be earned, and the last day a current holder's counts, renewals included while
 * the renewal assessment exists.
 */
function lifecycleStatus(
  program: KnowledgeProgram,
  c: CertificationDefinition,
  classified: readonly ClassifiedCertification[],
  asOf: CalendarDate,
): CertificationLifecycleStatus {
  const life = lifecycleOf(program, c.id);
  const successor = life?.successor ?? null;
  const acceptedEarnable = c.alsoAccepted.some((a) => canBeEarnedOn(lifecycleOf(program, a.id), asOf));
  let lastDayHeld: CalendarDate | null = null;
  let unbounded = false;
  const holders = new Set<string>();
  for (const k of classified) {
    if (k.definition?.id !== c.id || certificationStatusAt(k, asOf) !== "counting") continue;
    holders.add(k.record.personId.toLowerCase());
    if (k.expiresOn === undefined) {
      unbounded = true;
      continue;
    }
    const kLife = k.credentialId === undefined ? undefined : lifecycleOf(program, k.credentialId);
    const reach = latestReachableExpiry(program, kLife, k.expiresOn, asOf);
    if (reach === null) unbounded = true;
    else if (lastDayHeld === null || reach > lastDayHeld) lastDayHeld = reach;
  }
  return {
    certification: c.id,
    retires: life?.retires ?? null,
    retired: hasRetired(life, asOf),
    canBeEarned: canBeEarnedOn(life, asOf) || acceptedEarnable,
    currentHolders: holders.size,
    successor:
      successor === null
        ? null
        : {
            id: successor.id,
            certification: successor.certification,
            accepted: c.alsoAccepted.some((a) => a.id === successor.id),
          },
    lastDayHeld: unbounded ? null : lastDayHeld,
    confidence: life === undefined ? null : lifecycleConfidence(life),
    sources: life?.sources ?? [],
  };
}

/**
 * The first day the current holders can no longer meet knowledge, and the certifications that decide
 * it: a needed certification with a known retirement (and no successor this version counts in its place)
 * stops being held the day after its last current holder's last day (renewals included while possible);
 * if nobody holds it now and it can no longer be earned, from the as-of date. Looked at from six months
 * before the retirement, as the retirement notice is. Null when retirements do not limit knowledge.
 */
function limitByRetirements(
  program: KnowledgeProgram,
  lifecycle: readonly CertificationLifecycleStatus[],
  asOf: CalendarDate,
): { from: CalendarDate; certifications: string[] } | null {
  let limit: { from: CalendarDate; certifications: string[] } | null = null;
  for (const l of lifecycle) {
    if (l.retires === null || l.successor?.accepted === true) continue;
    if (addMonths(l.retires, -program.knowledge.renewalWindowMonths) > asOf) continue;
    let from: CalendarDate;
    if (l.lastDayHeld !== null) from = addDays(l.lastDayHeld, 1);
    else if (l.currentHolders > 0 || l.canBeEarned)
      continue; // held without an end, or still earnable
    else from = asOf;
    if (from < asOf) from = asOf;
    if (limit === null || from < limit.from) limit = { from, certifications: [l.certification] };
    else if (from === limit.from) limit.certifications.push(l.certification);
  }
  return limit;
}

function forecastMessage(
  limit: { from: CalendarDate; certifications: string[] },
  asOf: CalendarDate,
): string {
  const names = listInWords(limit.certifications);
  const verify =
    "Microsoft has not published which certifications the specialization accepts after the retirement: check the specialization's requirements in Partner Center (Membership > Specializations). " +
    "specready's provisional version counts the successors; an organization can opt into it, or a check can pin it.";
  if (limit.from <= asOf)
    return `Knowledge cannot be met by the current holders: no current holder's ${names} counts, and ${limit.certifications.length === 1 ? "it" : "they"} can no longer be earned. ${verify}`;
  return `On the current holders, knowledge can be met until ${addDays(limit.from, -1)} at the latest: from ${limit.from} no current holder's ${names} counts any more (renewals counted while still possible), and ${limit.certifications.length === 1 ? "it" : "they"} can no longer be earned then. Apply and complete the audit before then. ${verify}`;
}

/**
 * On current data the figures move only when a certification starts counting (earned after the as-of
 * date) or stops (the day after its expiry). Each such date is evaluated in order.
 */
function knowledgeChanges(
  program: KnowledgeProgram,
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
      const named = c.credentialId ?? c.definition.id;
      if (c.record.earnedDate === date) what.push(`${who}'s ${named} starts counting`);
      if (c.expiresOn !== undefined && addDays(c.expiresOn, 1) === date) {
        const life = c.credentialId === undefined ? undefined : lifecycleOf(program, c.credentialId);
        const renewable = renewalClosesOn(program, life, c.expiresOn, asOf) !== null;
        what.push(
          `${who}'s ${named} expires on ${c.expiresOn} ${renewable ? "unless renewed" : `(no longer renewable: its renewal assessment retired on ${life?.renewalRetires})`}`,
        );
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
