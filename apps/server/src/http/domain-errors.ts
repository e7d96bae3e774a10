import { AppError, errors } from "../errors/app-error.js";
import type { DomainError } from "../services/mutation/domain-error.js";

/** A command's domain error as the API answers it: one status and stable code per kind. */
export function httpError(error: DomainError): AppError {
  switch (error.code) {
    case "not_found":
      return errors.notFound(error.what);
    case "invalid":
      return error.reason === undefined
        ? errors.invalidRequest([...error.issues])
        : new AppError(400, error.reason, error.issues.map((i) => i.message).join(" "), {
            issues: [...error.issues],
          });
    case "stale":
      return errors.stale(error.what, error.current);
    case "conflict":
      return errors.conflict(error.reason, error.message);
    case "refused":
      return new AppError(403, error.reason, error.message);
  }
}

/** The value of a command's result, or its error thrown as the API's answer. */
export function answerOf<T>(result: { ok: true; value: T } | { ok: false; error: DomainError }): T {
  if (!result.ok) throw httpError(result.error);
  return result.value;
}
