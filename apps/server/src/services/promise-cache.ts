/**
 * Promises by key, the most recently used kept up to `capacity`: a value computed once however many ask
 * for it at the same time. A computation that fails is forgotten, so the next asks again.
 */
export class PromiseCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly capacity: number) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (entry !== undefined) {
      // Most recently used last, so the oldest entry is the first to go.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry;
    }
    entry = compute();
    entry.catch(() => this.entries.delete(key));
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry;
  }
}
