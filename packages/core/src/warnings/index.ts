/*
 * `@specready/core/warnings`: what an input set aside, in words, for the CLI, the server and the web
 * app. Imports no schema library (a test walks this module's imports), so the web app can bundle it.
 */
export * from "../rules/usage-coverage.js";
export * from "./certification-warnings.js";
export * from "./echo.js";
export * from "./listed-values.js";
export * from "./usage-warnings.js";
