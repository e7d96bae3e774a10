import { it } from "vitest";
import { createOrg, TestServer } from "./test-server.js";

it("probe", async () => {
  const server = await TestServer.start("pglite");
  const a = await createOrg(server, "A");
  for (const q of ["?from=2025-02-30", "?to=2025-13-01", "?from=2025-01-01"]) {
    const res = await a.admin.client.get(a.path(`/activity${q}`));
    console.log(q, res.status, (await res.text()).slice(0, 200));
  }
  const res = await a.admin.client.put(a.path(`/application`), { submittedOn: "2025-02-30" });
  console.log(res.status, (await res.text()).slice(0, 300));
  const ev = await a.admin.client.get(a.path(`/evaluation?asOf=2025-02-30`));
  console.log(ev.status, (await ev.text()).slice(0, 300));
  await server.close();
}, 60000);
