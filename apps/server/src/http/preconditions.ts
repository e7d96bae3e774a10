import { type RouteConfig, z } from "@hono/zod-openapi";
import { ErrorBody } from "../api/schemas.js";
import { errors } from "../errors/app-error.js";

/*
 * Optimistic concurrency over HTTP (RFC 9110 §13): what a person edits carries a version, answered as a
 * strong ETag `"v<version>"`; a change sent with `If-Match` applies only while that is still the
 * version, else 412 and nothing changes. Without If-Match a change applies to the row as it is then
 * (locked, so still nothing is lost between its reading and its writing).
 */

/** The ETag of a version. */
export function etagOf(version: number): string {
  return `"v${version}"`;
}

/**
 * The If-Match header as a test of the current version: undefined when absent (any version will do),
 * else true for a listed ETag or `*`; a header that is not a list of ETags is refused (400).
 * A weak `W/"v3"` counts as `"v3"`: the tag names the resource's version, not the bytes of one
 * representation, and the response compression marks every ETag it passes weak.
 */
export function ifMatch(header: string | undefined): ((version: number) => boolean) | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (text === "*") return () => true;
  const tags = text.split(",").map((t) => t.trim());
  const versions: number[] = [];
  for (const tag of tags) {
    const m = /^(?:W\/)?"v(\d{1,9})"$/.exec(tag);
    if (m === null) {
      if (/^(?:W\/)?"[^"]*"$/.test(tag)) continue; // an ETag of something else: it matches no version
      throw errors.invalidRequest([
        { path: "If-Match", message: `is not a list of ETags such as "v3" (from the ETag header): ${tag}` },
      ]);
    }
    versions.push(Number(m[1]));
  }
  return (version) => versions.includes(version);
}

/** The request's If-Match, for a command. */
export function expectedVersion(c: { req: { header(name: string): string | undefined } }) {
  return ifMatch(c.req.header("if-match"));
}

/**
 * A route over a versioned resource (`what`, in words: "evidence item"), as the OpenAPI document
 * describes it: its successful answers carry the ETag; a change takes If-Match and may answer 412.
 */
export function versionedRoute<R extends RouteConfig>(route: R, what: string): R {
  const responses: RouteConfig["responses"] = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] =
      status.startsWith("2") && status !== "204"
        ? {
            ...response,
            headers: {
              ETag: {
                description: `The ${what}'s version ("v3"): send it back as If-Match to change it only while nobody else has.`,
                schema: { type: "string", example: '"v3"' },
              },
            },
          }
        : response;
  }
  if (route.method === "get") return { ...route, responses };
  responses[412] = {
    description: `If-Match names a version of the ${what} that is no longer current: someone else changed it, nothing was changed (\`precondition_failed\`, with \`resource\` and the current \`etag\`)`,
    content: { "application/json": { schema: ErrorBody } },
  };
  return {
    ...route,
    request: {
      ...route.request,
      headers: z.object({
        "if-match": z
          .string()
          .max(1000)
          .optional()
          .openapi({
            description: `The ETag the ${what} had when you read it: the change applies only while it still has it (else 412). Without it the change applies to the ${what} as it is now.`,
            example: '"v3"',
          }),
      }),
    },
    responses,
  };
}
