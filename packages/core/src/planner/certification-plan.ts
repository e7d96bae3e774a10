import { addMonths, addYears, type CalendarDate } from "../calendar/calendar-date.js";
import {
  canBeEarnedOn,
  latestReachableExpiry,
  lifecycleOf,
  renewalClosesOn,
} from "../program/credential-lifecycle.js";
import type { CertificationDefinition, KnowledgeProgram } from "../program/program-definition.js";
import type { CertificationRecord } from "../records/input-records.js";
import { classifyCertifications, renewalOpensOn } from "../rules/knowledge.js";
import { listInWords, plural } from "../rules/resources.js";

/*
 * The certification plan: who should renew, link a Microsoft Learn profile or sit which exam by which
 * date, so that knowledge is met on the audit date and on its next anniversary. Renewals are assumed
 * taken while the credential registry says they can be (retired renewal assessments end that); a
 * certification that lapsed, or can no longer be renewed, has to be earned again, through the exam itself
 * while it can be taken, else through a successor the program version accepts in its place. A successor
 * the program data does not list as accepted is never proposed.
 */

/** A what-if: person P earns certification C on date D (a name or exam code the program knows). */
export interface CertificationWhatIf {
  readonly person: string;
  readonly personName?: string | undefined;
  readonly certification: string;
  readonly earnedOn: CalendarDate;
}

export interface CertificationAction {
  readonly personId: string | null;
  readonly personName: string | null;
  readonly kind: "associate" | "renew" | "earn";
  /** The program certification it keeps or adds ("AI-102"). */
  readonly certification: string;
  /** The exam or assessment to take ("AI-103" when the successor is accepted). */
  readonly exam: string | null;
  readonly opensOn: CalendarDate | null;
  readonly by: CalendarDate;
  readonly reason: string;
}

export interface CertificationCheck {
  readonly date: CalendarDate;
  readonly label: string;
  /** Without any action: individuals and holders on the date. */
  readonly individualsNow: number;
  readonly metWithoutActions: boolean;
  /** With the plan's actions. */
  readonly individuals: number;
  readonly holders: Readonly<Record<string, number>>;
  readonly met: boolean;
}

export interface CertificationSpan {
  readonly personId: string;
  readonly personName: string | null;
  readonly certification: string;
  readonly from: CalendarDate | null;
  readonly to: CalendarDate | null;
  readonly kind: "held" | "renewed" | "planned" | "what-if";
}

export interface CertificationPlan {
  readonly checks: readonly CertificationCheck[];
  readonly actions: readonly CertificationAction[];
  readonly timeline: readonly CertificationSpan[];
  /** Certifications that no exam known to be accepted can give on a date. */
  readonly blocked: readonly {
    readonly certification: string;
    readonly date: CalendarDate;
    readonly reason: string;
  }[];
  readonly summary: string;
  readonly rule: string;
}

interface Holding {
  personId: string;
  personName: string | null;
  certification: string;
  from: CalendarDate | null;
  to: CalendarDate | null;
  kind: CertificationSpan["kind"];
}

const FAR = "9999-12-31";

function covers(h: Holding, date: CalendarDate): boolean {
  return (h.from === null || h.from <= date) && (h.to === null || date <= h.to);
}

/** The certification plan for the audit date and its next anniversary (see the file's comment). */
export function planCertifications(
  program: KnowledgeProgram,
  records: readonly CertificationRecord[],
  asOf: CalendarDate,
  auditDate: CalendarDate,
  whatIfs: readonly CertificationWhatIf[] = [],
): CertificationPlan {
  const anniversary = addYears(auditDate, 1);
  const all: CertificationRecord[] = [
    ...records,
    ...whatIfs.map((w, i) => ({
      personId: w.person,
      personName: w.personName,
      certification: w.certification,
      earnedDate: w.earnedOn,
      associated: true,
      source: { file: "what-if", line: i + 1 },
    })),
  ];
  const classified = classifyCertifications(program, all);
  const people = new Map<
    string,
    { id: string; name: string | null; certs: Set<string>; program: Set<string> }
  >();
  for (const c of classified) {
    const key = c.record.personId.toLowerCase();
    const p = people.get(key) ?? { id: c.record.personId, name: null, certs: new Set(), program: new Set() };
    p.name ??= c.record.personName ?? null;
    p.certs.add(c.record.certification.toLowerCase());
    if (c.definition !== undefined) p.program.add(c.definition.id);
    people.set(key, p);
  }
  const actions: CertificationAction[] = [];
  const holdings: Holding[] = [];
  const baseline: Holding[] = [];
  for (const c of classified) {
    if (c.definition === undefined) continue;
    const r = c.record;
    const person = people.get(r.personId.toLowerCase());
    const base: Holding = {
      personId: person?.id ?? r.personId,
      personName: person?.name ?? null,
      certification: c.definition.id,
      from: r.earnedDate ?? null,
      to: c.expiresOn ?? null,
      kind: r.source.file === "what-if" ? "what-if" : "held",
    };
    if (r.associated !== false) baseline.push(base);
    if (c.expiresOn !== undefined && c.expiresOn < asOf) continue; // lapsed: has to be earned again
    if (r.associated === false) {
      actions.push({
        personId: base.personId,
        personName: base.personName,
        kind: "associate",
        certification: c.definition.id,
        exam: null,
        opensOn: null,
        by: auditDate,
        reason: `${base.personName ?? base.personId}'s ${c.definition.id} does not count until their Microsoft Learn profile is linked to the partner's Partner Center account.`,
      });
    }
    holdings.push(base);
    if (c.expiresOn === undefined || c.expiresOn >= anniversary) continue;
    const life = c.credentialId === undefined ? undefined : lifecycleOf(program, c.credentialId);
    const closes = renewalClosesOn(program, life, c.expiresOn, asOf);
    if (closes === null) continue;
    const reach = latestReachableExpiry(program, life, c.expiresOn, asOf);
    let expiry = c.expiresOn;
    const extended = reach ?? FAR;
    for (let i = 0; i < 3 && expiry < anniversary && expiry < extended; i++) {
      const by = renewalClosesOn(program, life, expiry, asOf);
      if (by === null) break;
      const opens = renewalOpensOn(program, expiry);
      actions.push({
        personId: base.personId,
        personName: base.personName,
        kind: "renew",
        certification: c.definition.id,
        exam: `${c.credentialId ?? c.definition.id} renewal assessment`,
        opensOn: opens < asOf ? asOf : opens,
        by,
        reason: `${base.personName ?? base.personId}'s ${c.definition.id} expires on ${expiry}; the free renewal assessment is open from ${opens}.`,
      });
      expiry = addMonths(expiry, program.knowledge.defaultValidityMonths);
    }
    holdings.push({ ...base, from: c.expiresOn, to: reach, kind: "renewed" });
  }

  const blocked: CertificationPlan["blocked"][number][] = [];
  const checks: CertificationCheck[] = [];
  const certIds = program.knowledge.certifications.map((c) => c.id);
  const holdersOn = (list: readonly Holding[], date: CalendarDate) => {
    const holders: Record<string, Set<string>> = {};
    for (const id of certIds) holders[id] = new Set();
    for (const h of list) if (covers(h, date)) holders[h.certification]?.add(h.personId.toLowerCase());
    const individuals = new Set(Object.values(holders).flatMap((s) => [...s]));
    return { holders, individuals };
  };
  const examFor = (def: CertificationDefinition, by: CalendarDate) => {
    const own = lifecycleOf(program, def.id);
    if (canBeEarnedOn(own, asOf)) {
      const last = own?.retires != null && own.retires < by ? own.retires : by;
      // Earned on its last day, it must still be valid on the date (renewals aside).
      const reach = latestReachableExpiry(
        program,
        own,
        addMonths(last, program.knowledge.defaultValidityMonths),
        last,
      );
      if (reach === null || reach >= by || addMonths(last, program.knowledge.defaultValidityMonths) >= by)
        return { exam: def.id, by: last };
    }
    for (const s of def.alsoAccepted) {
      if (canBeEarnedOn(lifecycleOf(program, s.id), asOf)) return { exam: s.id, by };
    }
    return null;
  };
  const pick = (
    excluding: ReadonlySet<string>,
    preferPast: string | null,
    preferNonCounting: boolean,
    date: CalendarDate,
  ) => {
    const counting = holdersOn(holdings, date).individuals;
    const ranked = [...people.values()]
      .filter((p) => !excluding.has(p.id.toLowerCase()))
      .map((p) => ({
        p,
        score:
          (preferPast !== null && p.program.has(preferPast) ? 4 : 0) +
          (preferNonCounting && !counting.has(p.id.toLowerCase()) ? 2 : 0) +
          (p.certs.size > 0 ? 1 : 0),
      }))
      .sort((a, b) => b.score - a.score || (a.p.name ?? a.p.id).localeCompare(b.p.name ?? b.p.id));
    return ranked[0]?.p ?? null;
  };
  for (const [date, label] of [
    [auditDate, "audit date"],
    [anniversary, "next anniversary"],
  ] as const) {
    const before = holdersOn(baseline, date);
    const individualsNow = before.individuals.size;
    const metWithoutActions =
      individualsNow >= program.knowledge.minimumIndividuals &&
      certIds.every((id) => (before.holders[id]?.size ?? 0) > 0);
    for (const def of program.knowledge.certifications) {
      const { holders, individuals } = holdersOn(holdings, date);
      if ((holders[def.id]?.size ?? 0) > 0) continue;
      const exam = examFor(def, date);
      if (exam === null) {
        blocked.push({
          certification: def.id,
          date,
          reason: `${def.id} can no longer be earned and the program data lists no successor it accepts in its place: knowledge cannot be met on ${date} without a current holder.`,
        });
        continue;
      }
      const short = individuals.size < program.knowledge.minimumIndividuals;
      const p = pick(new Set(), def.id, short, date);
      addEarn(def, exam, p, date, label);
    }
    for (let guard = 0; guard < 50; guard++) {
      const { individuals } = holdersOn(holdings, date);
      if (individuals.size >= program.knowledge.minimumIndividuals) break;
      const def = [...program.knowledge.certifications]
        .map((d) => ({ d, exam: examFor(d, date) }))
        .filter((x) => x.exam !== null)
        .sort((a, b) => ((b.exam?.by ?? "") < (a.exam?.by ?? "") ? -1 : 1))[0];
      if (def === undefined || def.exam === null) break;
      const p = pick(individuals, def.d.id, true, date);
      addEarn(def.d, def.exam, p, date, label);
    }
    const { holders, individuals } = holdersOn(holdings, date);
    checks.push({
      date,
      label,
      individualsNow,
      metWithoutActions,
      individuals: individuals.size,
      holders: Object.fromEntries(certIds.map((id) => [id, holders[id]?.size ?? 0])),
      met:
        individuals.size >= program.knowledge.minimumIndividuals &&
        certIds.every((id) => (holders[id]?.size ?? 0) > 0),
    });
  }

  function addEarn(
    def: CertificationDefinition,
    exam: { exam: string; by: CalendarDate },
    p: { id: string; name: string | null } | null,
    date: CalendarDate,
    label: string,
  ): void {
    const newcomers = actions.filter((a) => a.kind === "earn" && a.personId === null).length;
    const personId = p?.id ?? `new-person-${newcomers + 1}`;
    actions.push({
      personId: p?.id ?? null,
      personName: p === null ? null : p.name,
      kind: "earn",
      certification: def.id,
      exam: exam.exam,
      opensOn: null,
      by: exam.by,
      reason:
        `Knowledge needs ${def.id} held on the ${label} (${date})` +
        (exam.exam === def.id
          ? ""
          : `; ${def.id} can no longer be earned and the program accepts ${exam.exam} in its place`) +
        (p === null ? "; nobody on the roster is free to take it: train or hire someone." : "."),
    });
    holdings.push({
      personId,
      personName: p?.name ?? null,
      certification: def.id,
      from: exam.by,
      to:
        latestReachableExpiry(
          program,
          lifecycleOf(program, exam.exam),
          addMonths(exam.by, program.knowledge.defaultValidityMonths),
          exam.by,
        ) ?? FAR,
      kind: "planned",
    });
  }

  actions.sort((a, b) => (a.by < b.by ? -1 : a.by > b.by ? 1 : a.kind.localeCompare(b.kind)));
  const unique = actions.filter(
    (a, i) =>
      actions.findIndex(
        (b) =>
          b.kind === a.kind &&
          b.personId === a.personId &&
          b.certification === a.certification &&
          b.by === a.by,
      ) === i,
  );
  const summary =
    checks
      .map(
        (c) =>
          `On the ${c.label} (${c.date}) knowledge is ${c.metWithoutActions ? "met as things stand" : c.met ? "met once the plan's actions are done" : "not met even with the plan"}`,
      )
      .join("; ") +
    `. ${unique.length === 0 ? "Nothing to do." : `${plural(unique.length, "action")}: ${listInWords(unique.slice(0, 4).map((a) => `${a.personName ?? a.personId ?? "someone new"} ${a.kind === "earn" ? `sits ${a.exam}` : a.kind === "renew" ? `renews ${a.certification}` : "links their Learn profile"} by ${a.by}`))}${unique.length > 4 ? ", …" : ""}.`}`;
  return {
    checks,
    actions: unique,
    timeline: holdings.map((h) => ({ ...h })),
    blocked,
    summary,
    rule:
      `Knowledge needs ${program.knowledge.minimumIndividuals} individuals holding a listed certification, and each listed certification held by one of them. ` +
      "The plan assumes renewals are taken while their assessment can be; a lapsed certification, or one that can no longer be renewed, is earned again through its exam while it can be taken, or a successor the program version accepts in its place.",
  };
}
