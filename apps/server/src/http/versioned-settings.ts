import { type CalendarDate, todayFrom } from "@specready/core";
import { repositories } from "@specready/db";
import type { AppContext } from "../services/app-context.js";
import { etagOf } from "./preconditions.js";

/**
 * A view of today over the organization's versioned settings, with its ETag: the settings' version is
 * read first, then the view, so an ETag is never newer than what it goes with (a change in between makes
 * the next If-Match fail rather than pass over a change unseen). No version yet: no ETag.
 */
export async function versionedSettingsView<T>(
  ctx: AppContext,
  orgId: string,
  view: (ctx: AppContext, orgId: string, today: CalendarDate) => Promise<T>,
): Promise<{ readonly etag: string | undefined; readonly body: T }> {
  const version = await repositories(ctx.db).versions.settings(orgId);
  return {
    etag: version === null ? undefined : etagOf(version),
    body: await view(ctx, orgId, todayFrom(ctx.now())),
  };
}
