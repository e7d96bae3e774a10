/** How a key is throttled: free failures, then a wait that doubles with each further failure. */
export interface BackoffRule {
  /** Failures allowed before any wait: the attempt after the `free`-th failure waits. */
  readonly free: number;
  /** The wait after the first failure past the free ones; each further failure doubles it. */
  readonly firstDelayMs: number;
  /** The longest wait. */
  readonly maxDelayMs: number;
  /** A key with no failure for this long starts afresh. */
  readonly forgetAfterMs: number;
}

interface Entry {
  failures: number;
  lastFailure: number;
  blockedUntil: number;
}

/**
 * Failed attempts per key with exponential backoff. The caller chooses keys so that a stranger's
 * failures slow down only the stranger: sign-ins are keyed by account *and* address (a guesser on one
 * address against one account) and by address alone (one address trying many accounts), never by the
 * account alone, so the real person signing in from their own address is never locked out by someone
 * else's guesses. In memory: one server process guards itself; a restart forgets, which only helps
 * someone who can restart the server. The clock is injected so expiry can be tested.
 */
export class RateLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly rule: BackoffRule,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until another attempt is allowed for `key`, or 0 when it is allowed now. */
  retryAfter(key: string): number {
    const entry = this.current(key);
    if (entry === undefined) return 0;
    const wait = entry.blockedUntil - this.now();
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  /** Records a failure; past the free ones, the key must wait, twice as long as the time before. */
  fail(key: string): void {
    const now = this.now();
    const entry = this.current(key) ?? { failures: 0, lastFailure: now, blockedUntil: 0 };
    entry.failures++;
    entry.lastFailure = now;
    // The `free`-th failure is the last without a wait after it.
    const past = entry.failures - this.rule.free + 1;
    if (past > 0) {
      const delay = Math.min(this.rule.maxDelayMs, this.rule.firstDelayMs * 2 ** Math.min(past - 1, 30));
      entry.blockedUntil = now + delay;
    }
    this.entries.set(key, entry);
    if (this.entries.size > 50_000) this.prune();
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private current(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() - entry.lastFailure > this.rule.forgetAfterMs && this.now() >= entry.blockedUntil) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune(): void {
    for (const key of [...this.entries.keys()]) this.current(key);
  }
}

/**
 * Sign-in attempts by one address against one account: five free, then 1 s, 2 s, 4 s… up to 15
 * minutes; forgotten after an hour without a failure.
 */
export const ACCOUNT_AT_ADDRESS: BackoffRule = {
  free: 5,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
  forgetAfterMs: 60 * 60 * 1000,
};

/** Sign-in attempts from one address, all accounts together: twenty free, then the same backoff. */
export const ADDRESS: BackoffRule = {
  free: 20,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
  forgetAfterMs: 60 * 60 * 1000,
};

/** The limiter keys of an attempt on `email` from `address`. */
export function signInKeys(email: string, address: string): { account: string; address: string } {
  return { account: `account:${email.trim().toLowerCase()}|${address}`, address: `address:${address}` };
}

/** The sign-in limiters of a server: per account at an address, and per address. */
export class SignInThrottle {
  readonly perAccount: RateLimiter;
  readonly perAddress: RateLimiter;

  constructor(now: () => number = Date.now) {
    this.perAccount = new RateLimiter(ACCOUNT_AT_ADDRESS, now);
    this.perAddress = new RateLimiter(ADDRESS, now);
  }

  /** Seconds to wait before an attempt on `email` from `address`, 0 when it may go ahead. */
  retryAfter(email: string, address: string): number {
    const k = signInKeys(email, address);
    return Math.max(this.perAccount.retryAfter(k.account), this.perAddress.retryAfter(k.address));
  }

  fail(email: string, address: string): void {
    const k = signInKeys(email, address);
    this.perAccount.fail(k.account);
    this.perAddress.fail(k.address);
  }

  /** A success clears the account's count at that address (the address's own count stays). */
  succeed(email: string, address: string): void {
    this.perAccount.reset(signInKeys(email, address).account);
  }
}
