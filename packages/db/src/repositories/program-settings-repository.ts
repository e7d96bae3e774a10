import type { Sql } from "../sql.js";

/** An organization's choice of program version: a pinned version, and whether provisional ones may be chosen. */
export interface ProgramSettings {
  /** The version every evaluation uses; null: the version in effect on the evaluated date. */
  readonly pinnedProgramId: string | null;
  /** Whether provisional versions take part in the choice by date. */
  readonly includeProvisional: boolean;
}

/** The organization's program settings (kept on its row, so backups carry them). */
export class ProgramSettingsRepository {
  constructor(private readonly sql: Sql) {}

  async get(orgId: string): Promise<ProgramSettings | undefined> {
    const [row] = await this.sql.query<ProgramSettings>(
      `select pinned_program_id as "pinnedProgramId", include_provisional as "includeProvisional"
       from organizations where id = $1`,
      [orgId],
    );
    return row;
  }

  /** The specializations the organization pursues (the AI Platform only, unless a partner admin chose). */
  async specializations(orgId: string): Promise<string[] | undefined> {
    const [row] = await this.sql.query<{ specializations: string[] }>(
      "select specializations from organizations where id = $1",
      [orgId],
    );
    return row?.specializations;
  }

  /** Stores the specializations pursued (the mutation path bumps the data version). */
  async setSpecializations(orgId: string, specializations: readonly string[]): Promise<void> {
    await this.sql.query("update organizations set specializations = $2 where id = $1", [
      orgId,
      [...specializations],
    ]);
  }

  /** Stores the settings and marks the evaluated data as changed (the evaluation depends on them). */
  async set(orgId: string, settings: ProgramSettings): Promise<void> {
    await this.sql.query(
      `update organizations set pinned_program_id = $2, include_provisional = $3, data_version = data_version + 1
       where id = $1`,
      [orgId, settings.pinnedProgramId, settings.includeProvisional],
    );
  }
}
