import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CliIo, main } from "./main.js";

const repo = new URL("../../../", import.meta.url).pathname;
const AS_OF = "2026-12-06";
const AUDIT = "2027-01-31";

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false, columns: 100 },
    stderr: { write: (s: string) => (stderr += s), isTTY: false, columns: 100 },
    env: {},
    now: () => new Date(`${AS_OF}T12:00:00`),
    cwd: repo,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

async function demoDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "specready-plan-"));
  const demo = await run(["demo", dir, "--as-of", AS_OF, "--quiet"]);
  expect(demo.code).toBe(0);
  return dir;
}

describe("specready plan", () => {
  it("on the demo names the customers and artifacts that close B2.2 and B3.1, and the month performance lapses", async () => {
    const dir = await demoDir();
    const { code, stdout, stderr } = await run(["plan", dir, "--audit-date", AUDIT, "--format", "json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.allocation.exact).toBe(true);
    const names = plan.allocation.customers.map((c: { name: string }) => c.name);
    expect(names).toEqual(["Lamna Energy", "Litware Health", "Proseware Retail"]);
    const lamna = plan.allocation.customers.find((c: { name: string }) => c.name === "Lamna Energy");
    const lamnaControl = (id: string) => lamna.controls.find((c: { control: string }) => c.control === id);
    // Lamna backs B1.1, B2.1, B4.1 and B4.2 already; its SOW and Well-Architected export close B3.1 and B2.2.
    for (const id of ["B1.1", "B2.1", "B4.1", "B4.2"]) expect(lamnaControl(id).state).toBe("ready");
    expect(lamnaControl("B3.1")).toMatchObject({ state: "missing", artifactsMissing: 2 });
    expect(lamnaControl("B3.1").suggestedArtifacts).toContain("Signed SOW");
    expect(lamnaControl("B2.2")).toMatchObject({ state: "missing", artifactsMissing: 1 });
    expect(lamnaControl("B2.2").suggestedArtifacts).toContain("Well-Architected Review export");
    const b22 = plan.allocation.grid.find((g: { control: string }) => g.control === "B2.2");
    expect(b22.customers).toHaveLength(3);
    expect(plan.forecast.firstMetMonth).toBe("2026-12");
    expect(plan.forecast.lapseMonth).toBe("2027-01");
    expect(plan.nextActions).toHaveLength(3);

    const text = await run(["plan", dir, "--audit-date", AUDIT]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("Reference allocation (exact)");
    expect(text.stdout).toMatch(
      /B3\.1\s+missing Add 2 artifacts for B3\.1 \(Deployment\), e\.g\. Signed SOW/,
    );
    expect(text.stdout).toContain("lapses in 2027-01 on this forecast");
  });

  it("applies a what-if file: a PAL link from next month changes no month before it", async () => {
    const dir = await demoDir();
    const file = join(dir, "..", `what-if-${Date.now()}.json`);
    await writeFile(
      file,
      JSON.stringify({ acr: [{ type: "pal", customer: "Woodgrove Bank", from: "2027-01" }] }),
    );
    const base = JSON.parse((await run(["plan", dir, "--audit-date", AUDIT, "--format", "json"])).stdout);
    const pal = JSON.parse(
      (await run(["plan", dir, "--audit-date", AUDIT, "--format", "json", "--what-if", file])).stdout,
    );
    expect(pal.forecast.months.filter((m: { month: string }) => m.month < "2027-01")).toEqual(
      base.forecast.months.filter((m: { month: string }) => m.month < "2027-01"),
    );
    expect(pal.forecast.metAgainMonth).toBe("2027-02");
    expect(base.forecast.metAgainMonth).toBe("2027-04");
  });

  it("refuses a what-if file with every problem named by its field, and bad arguments, with exit 2", async () => {
    const dir = await demoDir();
    const file = join(dir, "..", `bad-what-if-${Date.now()}.json`);
    await writeFile(
      file,
      JSON.stringify({
        acr: [
          { type: "pal", customer: "Nobody", from: "2026-10" },
          { type: "add", customer: "x" },
        ],
      }),
    );
    const shape = await run(["plan", dir, "--audit-date", AUDIT, "--what-if", file]);
    expect(shape.code).toBe(2);
    expect(shape.stdout).toBe("");
    expect(shape.stderr).toContain("acr[1].usdPerMonth");
    expect(shape.stderr).toContain("acr[1].from");
    await writeFile(file, JSON.stringify({ acr: [{ type: "pal", customer: "Nobody", from: "2026-10" }] }));
    const data = await run(["plan", dir, "--audit-date", AUDIT, "--what-if", file]);
    expect(data.code).toBe(2);
    expect(data.stderr).toContain("acr[0].from: 2026-10 is before the month in progress (2026-12)");
    expect(data.stderr).toContain('acr[0].customer: no customer "Nobody"');
    expect((await run(["plan", dir])).stderr).toContain("--audit-date YYYY-MM-DD is required");
    expect((await run(["plan", dir, "--audit-date", "2026-02-30"])).code).toBe(2);
    expect((await run(["plan", dir, "--audit-date", "2026-11-30"])).stderr).toContain(
      "is before the as-of date",
    );
  });
});
