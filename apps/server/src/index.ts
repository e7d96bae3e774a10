export * from "./app.js";
export * from "./commands/workspace-commands.js";
export * from "./config/server-config.js";
export * from "./http/session-cookie.js";
export * from "./main.js";
export * from "./server.js";
export * from "./services/app-context.js";
export * from "./services/session-service.js";
