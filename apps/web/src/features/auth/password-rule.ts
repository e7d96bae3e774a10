/**
 * The server's password rule (at least 12 characters, at most 200), checked here too so that a person
 * learns it before sending the form; the server's own message shows if it ever differs.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

export const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters; a few words make a good one`;

/** The problem with a new password, or undefined when it is acceptable. */
export function newPasswordProblem(password: string): string | undefined {
  if (password === "") return "Choose a password.";
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  return undefined;
}
