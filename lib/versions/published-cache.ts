// What the device API reads on every download, kept in memory for a few seconds: the projects that have a
// published version (with their role assignments) and each project's versions, newest first. A publish,
// rollback or role change in this process drops it at once (publicationsChanged); another portal instance's
// change reaches this one within the time to live. A cache only: the database stays the truth.
import "server-only";
import type { Db } from "@/lib/db/client";
import { canRun } from "./client-version";
import { listPublishedProjects, listVersionHeads, type CompatibleVersion, type PublishedProject } from "./data";

/** How long another instance's publish may take to reach this instance's devices. */
export const PUBLISHED_CACHE_TTL_MS = 5_000;

interface Entry<T> {
  generation: number;
  expires: number;
  value: Promise<T>;
}

// On globalThis: Next bundles route handlers and server actions separately, and a publish made through a
// server action must reach the device route's cache in the same process.
const globalForPublications = globalThis as typeof globalThis & { __syncwrightPublications?: { generation: number } };
const state = (globalForPublications.__syncwrightPublications ??= { generation: 0 });

/** Tells every cache of this process that what is published (or who gets it) changed. */
export function publicationsChanged(): void {
  state.generation++;
}

export class PublishedCache {
  #projects: Entry<PublishedProject[]> | undefined;
  readonly #versions = new Map<string, Entry<CompatibleVersion[]>>();

  constructor(
    private readonly ttlMs = PUBLISHED_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  #fresh<T>(entry: Entry<T> | undefined): entry is Entry<T> {
    return entry !== undefined && entry.generation === state.generation && entry.expires > this.now();
  }

  /** One query for any number of concurrent misses; a failed read is not kept. */
  #fill<T>(read: () => Promise<T>, forget: () => void): Entry<T> {
    const value = read();
    value.catch(forget);
    return { generation: state.generation, expires: this.now() + this.ttlMs, value };
  }

  /** Projects with a published version and their role assignments. */
  projects(db: Db): Promise<PublishedProject[]> {
    if (!this.#fresh(this.#projects)) {
      const entry = this.#fill(
        () => listPublishedProjects(db),
        () => {
          if (this.#projects === entry) this.#projects = undefined;
        },
      );
      this.#projects = entry;
    }
    return this.#projects!.value;
  }

  /** The newest version of the project an app at `appVersion` can run, or undefined. */
  async compatibleVersion(
    db: Db,
    projectId: string,
    appVersion: readonly number[],
  ): Promise<CompatibleVersion | undefined> {
    return (await this.#heads(db, projectId)).find((v) => canRun(appVersion, v.minClientVersion));
  }

  /** The project's newest version (what is published now, whatever app runs it), or undefined. */
  async newestVersion(db: Db, projectId: string): Promise<CompatibleVersion | undefined> {
    return (await this.#heads(db, projectId))[0];
  }

  /** The project's versions, newest first. */
  #heads(db: Db, projectId: string): Promise<CompatibleVersion[]> {
    let entry = this.#versions.get(projectId);
    if (!this.#fresh(entry)) {
      if (this.#versions.size > 10_000) this.#versions.clear();
      const made = this.#fill(
        () => listVersionHeads(db, projectId),
        () => {
          if (this.#versions.get(projectId) === made) this.#versions.delete(projectId);
        },
      );
      this.#versions.set(projectId, made);
      entry = made;
    }
    return entry!.value;
  }
}
