import type { Sql } from "../sql.js";
import { AccountSecurityRepository } from "./account-security-repository.js";
import { ActivityRepository } from "./activity-repository.js";
import { ApiTokensRepository } from "./api-tokens-repository.js";
import { ApplicationsRepository } from "./applications-repository.js";
import { AuditRepository } from "./audit-repository.js";
import { CapabilityScoreRepository } from "./capability-score-repository.js";
import { CustomerProjectsRepository } from "./customer-projects-repository.js";
import { EntraRepository } from "./entra-repository.js";
import { EvidenceRepository } from "./evidence-repository.js";
import { ImportJobsRepository } from "./import-jobs-repository.js";
import { ImportsRepository } from "./imports-repository.js";
import { InvitationsRepository } from "./invitations-repository.js";
import { OrganizationsRepository } from "./organizations-repository.js";
import { PeopleRepository } from "./people-repository.js";
import { ProgramSettingsRepository } from "./program-settings-repository.js";
import { RemindersRepository } from "./reminders-repository.js";
import { RowVersionsRepository } from "./row-versions-repository.js";
import { SavedPlansRepository } from "./saved-plans-repository.js";
import { ServerInstancesRepository } from "./server-instances-repository.js";
import { SessionsRepository } from "./sessions-repository.js";
import { UsersRepository } from "./users-repository.js";

/** Every repository over one connection or transaction. */
export interface Repositories {
  readonly organizations: OrganizationsRepository;
  readonly users: UsersRepository;
  readonly accountSecurity: AccountSecurityRepository;
  readonly entra: EntraRepository;
  readonly sessions: SessionsRepository;
  readonly invitations: InvitationsRepository;
  readonly tokens: ApiTokensRepository;
  readonly imports: ImportsRepository;
  readonly importJobs: ImportJobsRepository;
  readonly applications: ApplicationsRepository;
  readonly activity: ActivityRepository;
  readonly customerProjects: CustomerProjectsRepository;
  readonly evidence: EvidenceRepository;
  readonly audit: AuditRepository;
  readonly programSettings: ProgramSettingsRepository;
  readonly reminders: RemindersRepository;
  readonly savedPlans: SavedPlansRepository;
  readonly people: PeopleRepository;
  readonly capabilityScore: CapabilityScoreRepository;
  readonly versions: RowVersionsRepository;
  readonly serverInstances: ServerInstancesRepository;
}

export function repositories(sql: Sql): Repositories {
  return {
    organizations: new OrganizationsRepository(sql),
    users: new UsersRepository(sql),
    accountSecurity: new AccountSecurityRepository(sql),
    entra: new EntraRepository(sql),
    sessions: new SessionsRepository(sql),
    invitations: new InvitationsRepository(sql),
    tokens: new ApiTokensRepository(sql),
    imports: new ImportsRepository(sql),
    importJobs: new ImportJobsRepository(sql),
    applications: new ApplicationsRepository(sql),
    activity: new ActivityRepository(sql),
    customerProjects: new CustomerProjectsRepository(sql),
    evidence: new EvidenceRepository(sql),
    audit: new AuditRepository(sql),
    programSettings: new ProgramSettingsRepository(sql),
    reminders: new RemindersRepository(sql),
    savedPlans: new SavedPlansRepository(sql),
    people: new PeopleRepository(sql),
    capabilityScore: new CapabilityScoreRepository(sql),
    versions: new RowVersionsRepository(sql),
    serverInstances: new ServerInstancesRepository(sql),
  };
}
