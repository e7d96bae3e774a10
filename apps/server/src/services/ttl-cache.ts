/**
 * A small map whose entries expire after `ttlMs`. Used for what every request would otherwise read from
 * the database (who a session or token is, an organization's data version): this process drops an
 * entry the moment it changes it (sign-out, revocation, import), and the short lifetime bounds how long
 * another server process sharing the database can lag behind.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  /**
   * Counts removals. A reader takes it before its database lookup and stores the result only if no
   * removal happened meanwhile: a lookup that started before a sign-out cannot put the session back.
   */
  generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores a value read from the database, unless something was removed since `generation` was read. */
  setIfUnchanged(key: string, value: V, generation: number): void {
    if (generation === this.generation) this.set(key, value);
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.capacity) this.entries.clear();
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }

  /** Drops every entry whose value matches (all sessions of one user). */
  deleteWhere(match: (value: V) => boolean): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (match(entry.value)) this.entries.delete(key);
  }
}
