/**
 * The server's password rule: 12 to 200 characters (checked here too, so that a person learns it
 * before sending the form), and neither common, guessable nor the person's own email or name (checked
 * by the server against its password lists; its message shows under the field, see
 * serverPasswordMessage).
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

export const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters, not a common password nor your name or email; a few unusual words make a good one`;

/** The problem with a new password, or undefined when it is acceptable. */
export function newPasswordProblem(password: string): string | undefined {
  if (password === "") return "Choose a password.";
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  return undefined;
}

/**
 * The server's word on a password field ("is too easy to guess: …", "must not contain your email
 * address or your name") as a sentence under the field: "This password is too easy to guess: …".
 */
export function serverPasswordMessage(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  return /^(is|must) /.test(message) ? `This password ${message}` : message;
}
