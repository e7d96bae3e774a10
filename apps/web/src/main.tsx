import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app";
import { prefetchFirstLoad } from "./app/first-load";
import { createQueryClient } from "./app/query-client";

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");
const client = createQueryClient();
// The session and the page's data are asked for first; the app renders once the session is known, as
// it would show only "Loading specready…" (index.html's) until then (see app/first-load.ts).
void prefetchFirstLoad(client, window.location).then(() =>
  createRoot(root).render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  ),
);
