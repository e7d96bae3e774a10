import type { Context } from "hono";
import { passwordProblem } from "../../auth/password-strength.js";
import { AppError, errors } from "../../errors/app-error.js";
import type { AppEnv } from "../../http/app-env.js";
import { clientAddress } from "../../http/client-address.js";

/**
 * Refuses (400, logged) a new password that is too short, common, guessable or the person's own name.
 * One not checked because another from the same network or for the same account still is (a 429
 * `password.check_busy`) is logged too.
 */
export async function checkNewPassword(
  c: Context<AppEnv>,
  password: string,
  person: { email: string; name?: string | undefined },
  field: string,
  via: "setup" | "invitation" | "password-change" | "password-reset",
): Promise<void> {
  const address = clientAddress(c);
  const problem = await passwordProblem(password, person, c.var.ctx.passwords, address).catch(
    (error: unknown) => {
      if (error instanceof AppError && error.code === "password.check_busy")
        c.var.ctx.securityLog.record({ event: "password.check_busy", email: person.email, address, via });
      throw error;
    },
  );
  if (problem === undefined) return;
  c.var.ctx.securityLog.record({ event: "password.rejected", email: person.email, address, via });
  throw errors.invalidRequest([{ path: field, message: problem }]);
}
