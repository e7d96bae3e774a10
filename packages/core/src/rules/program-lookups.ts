// Type-only: the warnings subpath (@specready/core/warnings) reaches this module and must not reach zod.
import type { CertificationDefinition, Program } from "../program/program-definition.js";

/**
 * Case-insensitive lookups derived from a program's names, built once per program. Every comparison of
 * a value with a name in the rules ignores case (and surrounding spaces, which the readers trim).
 */
export interface ProgramLookups {
  readonly serviceGroups: ReadonlySet<string>;
  /** Lower-cased attribution name -> its type ("PAL", "DPOR", "CSP"). */
  readonly attributions: ReadonlyMap<string, { type: string; countsForGovernment: boolean }>;
  readonly excludedOfferTerms: readonly string[];
  /** Which duplicate flag of a usage row sets it aside. */
  readonly duplicateFlag: "IsACRDuplicateAtMPNLevel" | "IsACRDuplicateAtPGALevel";
  readonly governmentInstances: ReadonlySet<string>;
  /**
   * Lower-cased certification name -> the program certification it counts as (a certification the
   * version also accepts in another's place counts as that one).
   */
  readonly certifications: ReadonlyMap<string, CertificationDefinition>;
  /** Lower-cased certification name -> the exam code of the certification the name is ("AI-103"). */
  readonly credentialIds: ReadonlyMap<string, string>;
  /** Lower-cased area name or alias -> canonical area name. */
  readonly areas: ReadonlyMap<string, string>;
  /** Lower-cased metric name -> canonical metric name. */
  readonly metrics: ReadonlyMap<string, string>;
}

const cache = new WeakMap<Program, ProgramLookups>();

/** The lookups of a program (computed once, then cached). */
export function lookupsOf(program: Program): ProgramLookups {
  let lookups = cache.get(program);
  if (lookups === undefined) {
    lookups = build(program);
    cache.set(program, lookups);
  }
  return lookups;
}

function build(program: Program): ProgramLookups {
  const lower = (s: string) => s.trim().toLowerCase();
  const attributions = new Map<string, { type: string; countsForGovernment: boolean }>();
  for (const a of program.performance.eligibleAttributions) {
    for (const n of a.names)
      attributions.set(lower(n), { type: a.type, countsForGovernment: a.countsForGovernment });
  }
  const certifications = new Map<string, CertificationDefinition>();
  const credentialIds = new Map<string, string>();
  const known = "certifications" in program.knowledge ? program.knowledge.certifications : [];
  for (const c of known) {
    for (const n of c.names) {
      certifications.set(lower(n), c);
      credentialIds.set(lower(n), c.id);
    }
    for (const accepted of c.alsoAccepted) {
      for (const n of accepted.names) {
        certifications.set(lower(n), c);
        credentialIds.set(lower(n), accepted.id);
      }
    }
  }
  const areas = new Map<string, string>();
  for (const a of program.designation.eligibleAreas) {
    areas.set(lower(a.name), a.name);
    for (const alias of a.aliases) areas.set(lower(alias), a.name);
  }
  return {
    serviceGroups: new Set((program.performance.serviceGroup2 ?? []).map(lower)),
    attributions,
    excludedOfferTerms: program.performance.excludedOfferTypeTerms.map(lower),
    duplicateFlag: program.performance.duplicateFlag.column,
    governmentInstances: new Set(program.performance.governmentCloudInstances.map(lower)),
    certifications,
    credentialIds,
    areas,
    metrics: new Map(program.designation.metrics.map((m) => [lower(m.name), m.name])),
  };
}
