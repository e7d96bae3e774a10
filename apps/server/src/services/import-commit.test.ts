import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { evaluateReadiness, todayFrom, type UsageSummaryJson, usageSummaryFromJson } from "@specready/core";
import { type ImportKindName, repositories } from "@specready/db";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadPath } from "../storage/upload-staging.js";
import { createOrg, STARTUP_TIMEOUT, TestServer } from "../test-support/test-server.js";
import { CommittedStates } from "./committed-states.js";
import { loadReadinessState } from "./evaluation-service.js";
import { ConfirmationNeeded, commitImport, type PreparedCommit, prepareCommit } from "./import-commit.js";
import { storeUpload } from "./import-service.js";
import type { PendingImport } from "./pending-import.js";

const readyDir = fileURLToPath(
  new URL("../../../../examples/contract-examples/ready/data/", import.meta.url),
);

describe.each(testBackends)("an import's commit read ahead, on %s", (backend) => {
  let server: TestServer;
  let usage: string;
  let certifications: string;
  beforeAll(async () => {
    server = await TestServer.start(backend);
    usage = await readFile(`${readyDir}azure-usage.csv`, "utf8");
    certifications = await readFile(`${readyDir}certifications.csv`, "utf8");
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  /** A file stored and read for its import, as the import's job reads it. */
  async function readUpload(orgId: string, kind: ImportKindName, fileName: string, text: string) {
    const ctx = server.ctx;
    const upload = await storeUpload(ctx, orgId, kind, fileName, Readable.from([Buffer.from(text)]), null);
    const read = await ctx.readers.read(
      {
        type: "import",
        path: uploadPath(ctx, upload.id),
        fileName,
        kind,
        program: ctx.program,
        ...(kind === "azure-usage" ? { alsoFor: [] } : {}),
        mapping: {},
        limits: ctx.config.readLimits,
      },
      {},
    );
    if (!read.ok) throw new Error(`${fileName} did not read: ${JSON.stringify(read.problems)}`);
    return { upload, read };
  }

  /**
   * Reads and commits a file in an organization (read ahead as `prepared` says, or not at all), through
   * `ctx` (another server's, sharing the database); with `preview`, it waits to be confirmed.
   */
  async function commit(
    orgId: string,
    kind: ImportKindName,
    fileName: string,
    text: string,
    prepared?: PreparedCommit,
    { ctx = server.ctx, preview = false }: { ctx?: TestServer["ctx"]; preview?: boolean } = {},
  ) {
    const { upload, read } = await readUpload(orgId, kind, fileName, text);
    const pending: PendingImport = {
      upload,
      read,
      options: {
        mapping: {},
        remember: false,
        actor: { kind: "system", id: null, name: "test" },
        userId: null,
        tokenId: null,
        confirmReplace: true,
        confirmRepeats: true,
        ...(preview ? { preview: true } : {}),
      },
    };
    const result = await commitImport(ctx, orgId, pending, prepared);
    if (!result.ok) throw new Error(`the import failed: ${JSON.stringify(result.error)}`);
    return result.value;
  }

  /** The usage file again with every amount of one month doubled: an import that changes the figures. */
  function usageChanged(): string {
    const [header, ...rows] = usage.trim().split("\n") as [string, ...string[]];
    const columns = header.split(",");
    const month = columns.indexOf("Month");
    const acr = columns.indexOf("ACR_USD");
    const last = rows
      .map((r) => r.split(",")[month] as string)
      .sort()
      .at(-1) as string;
    return [
      header,
      ...rows.map((r) => {
        const cells = r.split(",");
        if (cells[month] !== last) return r;
        cells[acr] = String(Number(cells[acr]) * 2);
        return cells.join(",");
      }),
      "",
    ].join("\n");
  }

  it("gives the same impact, readiness change and record as reading it in the transaction", async () => {
    const ahead = await createOrg(server, "Read Ahead Partners");
    const inside = await createOrg(server, "Read Inside Partners");
    for (const org of [ahead, inside]) await commit(org.id, "azure-usage", "azure-usage.csv", usage);
    const prepared = await prepareCommit(server.ctx, ahead.id);
    expect(prepared).toBeDefined();
    // Read ahead: the readiness before it and the usage in effect (every month of the first import).
    expect(prepared?.usageInEffect?.size).toBeGreaterThan(0);
    const withPrepared = await commit(ahead.id, "azure-usage", "azure-usage.csv", usageChanged(), prepared);
    const without = await commit(inside.id, "azure-usage", "azure-usage.csv", usageChanged());
    expect(withPrepared.impact).toEqual(without.impact);
    expect(withPrepared.readiness).toEqual(without.readiness);
    // The import replaced months and said by how much: the read-ahead summaries were compared.
    expect(withPrepared.impact.months?.length).toBeGreaterThan(0);
    expect(withPrepared.row.rows).toBe(without.row.rows);
  });

  it("reads again in the transaction what changed since it was read ahead", async () => {
    const stale = await createOrg(server, "Stale Ahead Partners");
    const fresh = await createOrg(server, "Fresh Inside Partners");
    for (const org of [stale, fresh]) await commit(org.id, "azure-usage", "azure-usage.csv", usage);
    const prepared = await prepareCommit(server.ctx, stale.id);
    if (prepared === undefined) throw new Error("nothing was read ahead");
    // Another change commits between the read ahead and the import: the people who are certified.
    for (const org of [stale, fresh])
      await commit(org.id, "certifications", "certifications.csv", certifications);
    const committed = await commit(stale.id, "azure-usage", "azure-usage.csv", usageChanged(), prepared);
    const expected = await commit(fresh.id, "azure-usage", "azure-usage.csv", usageChanged());
    expect(committed.readiness).toEqual(expected.readiness);
    expect(committed.impact).toEqual(expected.impact);
    // What was read ahead was out of date: the knowledge requirement (the certified people) was not met then.
    const certified = (e: { requirements: readonly { id: string; status: string }[] }) =>
      e.requirements.find((q) => q.id === "knowledge")?.status;
    const beforeNow = committed.readiness.requirements.find((q) => q.id === "knowledge")?.before.status;
    expect(certified(prepared.before)).not.toBe(beforeNow);
  });

  it("uses what was read ahead as it is while the organization is unchanged: nothing is read twice", async () => {
    const org = await createOrg(server, "Unchanged Partners");
    await commit(org.id, "azure-usage", "azure-usage.csv", usage);
    const prepared = await prepareCommit(server.ctx, org.id);
    if (prepared === undefined) throw new Error("nothing was read ahead");
    // The same read ahead with another status for the knowledge requirement: the commit's "before"
    // says what the read ahead said, so it was not evaluated again.
    const knowledge = prepared.before.requirements.find((q) => q.id === "knowledge");
    if (knowledge === undefined) throw new Error("no knowledge requirement");
    const marked = knowledge.status === "met" ? "not_met" : "met";
    const forged: PreparedCommit = {
      ...prepared,
      before: {
        ...prepared.before,
        requirements: prepared.before.requirements.map((q) =>
          q === knowledge ? { ...q, status: marked } : q,
        ),
      } as PreparedCommit["before"],
    };
    // Read ahead on another day (the import committed after midnight): evaluated again, as of today.
    const yesterday: PreparedCommit = { ...forged, today: "2000-01-01" as PreparedCommit["today"] };
    const nextDay = await commit(org.id, "azure-usage", "azure-usage.csv", usageChanged(), yesterday);
    expect(nextDay.readiness.requirements.find((q) => q.id === "knowledge")?.before.status).toBe(
      knowledge.status,
    );
    const committed = await commit(org.id, "azure-usage", "azure-usage.csv", usageChanged(), {
      ...forged,
      dataVersion: (await repositories(server.db).organizations.get(org.id))?.dataVersion as number,
    });
    expect(committed.readiness.requirements.find((q) => q.id === "knowledge")?.before.status).toBe(marked);
  });

  /** The organization's readiness and usage in effect, read from the database and evaluated now. */
  async function readNow(orgId: string) {
    const ctx = server.ctx;
    const state = await loadReadinessState(ctx.db, ctx.program, orgId);
    const version = (await repositories(ctx.db).organizations.get(orgId))?.dataVersion as number;
    return {
      version,
      evaluation: evaluateReadiness(ctx.program, state.inputs, todayFrom(ctx.now())),
      usageInEffect: state.usageByMonth,
    };
  }

  it("starts from what the organization's last import left, the same as reading it again", async () => {
    const org = await createOrg(server, "Successive Imports Partners");
    await commit(org.id, "azure-usage", "azure-usage.csv", usage);
    const now = await readNow(org.id);
    const kept = server.ctx.committed.find(
      org.id,
      now.version,
      todayFrom(server.ctx.now()),
      server.ctx.program.id,
    );
    if (kept === undefined) throw new Error("the import left nothing for the next one");
    expect(kept.evaluation).toEqual(now.evaluation);
    expect(kept.usageInEffect?.size).toBeGreaterThan(0);
    expect(kept.usageInEffect).toEqual(now.usageInEffect);
    // The next import's read ahead is what the import left, not a new read.
    const prepared = await prepareCommit(server.ctx, org.id);
    expect(prepared?.before).toBe(kept.evaluation);
    expect(prepared?.usageInEffect).toBe(kept.usageInEffect);
    expect(prepared?.dataVersion).toBe(now.version);
  });

  it("reads again what another server changed since this one's last import", async () => {
    const org = await createOrg(server, "Two Servers Partners");
    await commit(org.id, "azure-usage", "azure-usage.csv", usage);
    const left = await prepareCommit(server.ctx, org.id);
    if (left === undefined) throw new Error("nothing was read ahead");
    // Another server (its own memory, the same database) imports the certified people.
    const other = { ...server.ctx, committed: new CommittedStates() };
    await commit(org.id, "certifications", "certifications.csv", certifications, undefined, { ctx: other });
    const prepared = await prepareCommit(server.ctx, org.id);
    const now = await readNow(org.id);
    expect(prepared?.dataVersion).toBe(now.version);
    expect(prepared?.before).toEqual(now.evaluation);
    const knowledge = (e: { requirements: readonly { id: string; status: string }[] } | undefined) =>
      e?.requirements.find((q) => q.id === "knowledge")?.status;
    expect(knowledge(prepared?.before)).not.toBe(knowledge(left.before));
  });

  it("keeps what the last committed import left when the next one is rolled back", async () => {
    const org = await createOrg(server, "Unconfirmed Partners");
    await commit(org.id, "azure-usage", "azure-usage.csv", usage);
    const now = await readNow(org.id);
    const today = todayFrom(server.ctx.now());
    const kept = server.ctx.committed.find(org.id, now.version, today, server.ctx.program.id);
    expect(kept).toBeDefined();
    // Asked to be seen before it is applied: nothing is written, and nothing is kept of it.
    await expect(
      commit(org.id, "azure-usage", "azure-usage.csv", usageChanged(), undefined, { preview: true }),
    ).rejects.toBeInstanceOf(ConfirmationNeeded);
    expect((await readNow(org.id)).version).toBe(now.version);
    expect(server.ctx.committed.find(org.id, now.version, today, server.ctx.program.id)).toBe(kept);
    // An import whose transaction fails once its work is done (the database fails at the commit).
    const db = new Proxy(server.db, {
      get(target, property) {
        if (property === "transaction")
          return (work: (tx: unknown) => Promise<unknown>) =>
            target.transaction(async (tx) => {
              await work(tx);
              throw new Error("the database failed at the commit");
            });
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await expect(
      commit(org.id, "azure-usage", "azure-usage.csv", usageChanged(), undefined, {
        ctx: { ...server.ctx, db },
      }),
    ).rejects.toThrow(/failed at the commit/);
    expect((await readNow(org.id)).version).toBe(now.version);
    expect(server.ctx.committed.find(org.id, now.version, today, server.ctx.program.id)).toBe(kept);
  });

  /** The usage file's last month only, its amounts doubled: an import that replaces one month of several. */
  function lastMonthChanged(): string {
    const [header, ...rest] = usageChanged().trim().split("\n") as [string, ...string[]];
    const month = header.split(",").indexOf("Month");
    const last = rest
      .map((r) => r.split(",")[month] as string)
      .sort()
      .at(-1) as string;
    return [header, ...rest.filter((r) => r.split(",")[month] === last), ""].join("\n");
  }

  it("merges the usage in effect after an import in memory, the same as reading it back", async () => {
    const org = await createOrg(server, "Merged Ahead Partners");
    // A day whose three-month window ends with the file's last month: its amounts count.
    const ctx = { ...server.ctx, now: () => new Date("2025-10-15T12:00:00Z") };
    const today = todayFrom(ctx.now());
    await commit(org.id, "azure-usage", "azure-usage.csv", usage, undefined, { ctx });
    const months = (await readNow(org.id)).usageInEffect?.size ?? 0;
    expect(months).toBeGreaterThan(1);
    // One month of several replaced (the others stay in effect), with what the last import left.
    const prepared = await prepareCommit(ctx, org.id);
    expect(prepared?.usageInEffect?.size).toBe(months);
    const committed = await commit(org.id, "azure-usage", "last-month.csv", lastMonthChanged(), prepared, {
      ctx,
    });
    expect(committed.impact.months?.length).toBe(1);
    const performance = committed.readiness.requirements.find((q) => q.id === "performance");
    expect(performance?.changed).toBe(true);
    // The readiness after it, merged in memory, is what the database's months in effect give.
    const state = await loadReadinessState(ctx.db, ctx.program, org.id);
    const version = (await repositories(ctx.db).organizations.get(org.id))?.dataVersion as number;
    const evaluation = evaluateReadiness(ctx.program, state.inputs, today);
    expect(state.usageByMonth?.size).toBe(months);
    expect(committed.readiness.requirements.map((q) => q.after)).toEqual(
      evaluation.requirements.map((q) => ({ status: q.status, summary: q.summary })),
    );
    const kept = ctx.committed.find(org.id, version, today, ctx.program.id);
    expect(kept?.evaluation).toEqual(evaluation);
    expect(kept?.usageInEffect).toEqual(state.usageByMonth);
  });

  it("takes a merged usage only for the months in effect it was merged from", async () => {
    const org = await createOrg(server, "Held Merge Partners");
    await commit(org.id, "azure-usage", "azure-usage.csv", usage);
    const ctx = server.ctx;
    const now = await readNow(org.id);
    const inEffect = [...(now.usageInEffect?.keys() ?? [])];
    const last = await repositories(ctx.db).imports.list(org.id);
    const importId = last[0]?.id as string;
    const byMonth = now.usageInEffect ?? new Map();
    const held = { importId, months: byMonth };
    const read = await loadReadinessState(ctx.db, ctx.program, org.id);
    const stand = read.inputs.usage;
    if (stand === undefined) throw new Error("no usage in effect");
    const inMemory = { ...stand, file: "merged in memory" };
    // Merged from these very months: taken as it is, with the summaries it was merged from.
    const taken = await loadReadinessState(ctx.db, ctx.program, org.id, {
      ...held,
      merged: { months: inEffect, byMonth, usage: inMemory },
    });
    expect(taken.inputs.usage).toBe(inMemory);
    expect(taken.usageByMonth).toBe(byMonth);
    // Merged from other months (one missing, or out of order): the months read are merged again.
    for (const months of [inEffect.slice(1), [...inEffect].reverse()]) {
      const again = await loadReadinessState(ctx.db, ctx.program, org.id, {
        ...held,
        merged: { months, byMonth, usage: inMemory },
      });
      expect(again.inputs.usage).not.toBe(inMemory);
      expect(again.inputs.usage).toEqual(stand);
      expect(again.usageByMonth).toEqual(read.usageByMonth);
    }
  });

  it("evaluates after an import with the usage in effect it holds, not read back, when nothing changed", async () => {
    const org = await createOrg(server, "Held Usage Partners");
    const ctx = { ...server.ctx, now: () => new Date("2025-10-15T12:00:00Z") };
    await commit(org.id, "azure-usage", "azure-usage.csv", usage, undefined, { ctx });
    const prepared = await prepareCommit(ctx, org.id);
    if (prepared?.usageInEffect === undefined) throw new Error("nothing was read ahead");
    // What was read ahead says the last month had twice its amounts (what the database does not
    // hold): the evaluation after the next import shows it, so the commit merged what it held.
    const doubled = await readUpload(org.id, "azure-usage", "doubled.csv", lastMonthChanged());
    if (doubled.read.data.kind !== "azure-usage") throw new Error("not a usage read");
    const [month, text] = doubled.read.data.months[0] as readonly [string, string];
    const forged = new Map(prepared.usageInEffect);
    forged.set(month, usageSummaryFromJson(JSON.parse(text) as UsageSummaryJson));
    // The file adds a month before those in effect: the merge is made in month order.
    const earlier = (() => {
      const [header, ...rows] = usage.trim().split("\n") as [string, ...string[]];
      const column = header.split(",").indexOf("Month");
      const first = rows.map((r) => r.split(",")[column] as string).sort()[0] as string;
      const [year, m] = first.split("-").map(Number) as [number, number];
      const before = m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, "0")}`;
      const moved = rows
        .filter((r) => r.split(",")[column] === first)
        .map((r) =>
          r
            .split(",")
            .map((cell, k) => (k === column ? before : cell))
            .join(","),
        );
      return [header, ...moved, ""].join("\n");
    })();
    const committed = await commit(
      org.id,
      "azure-usage",
      "earlier.csv",
      earlier,
      { ...prepared, usageInEffect: forged },
      { ctx },
    );
    const after = (q: { after: { summary: string } } | undefined) => q?.after.summary;
    const performance = committed.readiness.requirements.find((q) => q.id === "performance");
    const state = await loadReadinessState(ctx.db, ctx.program, org.id);
    const fromDatabase = evaluateReadiness(ctx.program, state.inputs, todayFrom(ctx.now()));
    expect(after(performance)).not.toBe(
      fromDatabase.requirements.find((q) => q.id === "performance")?.summary,
    );
    expect(performance?.changed).toBe(true);
  });

  it("reads nothing ahead for an organization that does not exist", async () => {
    expect(await prepareCommit(server.ctx, "7d4f0a3c-59d1-4c4e-9f5e-2f3c6b1d0e8a")).toBeUndefined();
  });
});
