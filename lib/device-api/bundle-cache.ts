// Bundle bytes kept in memory by their SHA-256: a bundle never changes under its hash, so entries never go
// stale; the least recently used go when the byte budget is reached. Saves a database read per download.
export class BundleCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;
  /** The most recently used hash (the Map's last key). */
  private newest: string | undefined;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  get(hash: string): Buffer | undefined {
    const hit = this.entries.get(hash);
    // Most downloads ask for the newest version, already the most recently used: nothing to move.
    if (hit && hash !== this.newest) {
      this.newest = hash;
      this.entries.delete(hash);
      this.entries.set(hash, hit);
    }
    return hit;
  }

  set(hash: string, value: Buffer): void {
    if (value.length > this.maxBytes || this.entries.has(hash)) return;
    this.entries.set(hash, value);
    this.newest = hash;
    this.bytes += value.length;
    for (const [key, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(key);
      this.bytes -= old.length;
    }
  }
}

const globalForCache = globalThis as typeof globalThis & { __syncwrightBundleCache?: BundleCache };
/** The process's cache (on globalThis so Next's dev server keeps one across module reloads). */
export const bundleCache = (globalForCache.__syncwrightBundleCache ??= new BundleCache());
