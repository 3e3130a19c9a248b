/** The browser storage this origin uses, its quota, and whether it is persistent. */

import { storedVideoBytes } from '../db/db';

/** Live storage figures for the storage meter. */
export class StorageStatus {
  usage = $state(0);
  quota = $state(0);
  /** False where the browser reports no usage and quota (WebKitGTK has no StorageManager): then only `lessonBytes` is known. */
  reported = $state(true);
  /** The lessons' own stored video, read only where the browser reports nothing. */
  lessonBytes = $state(0);

  /** `readLessonBytes`: the lessons' stored bytes (from the database by default). */
  constructor(private readonly readLessonBytes: () => Promise<number> = () => storedVideoBytes()) {}
  /** null until known; false means the browser may clear the data under storage pressure. */
  persisted = $state<boolean | null>(null);
  /** The browser is asking the coach whether to keep Reframe's data (Firefox shows a prompt, and waits). */
  asking = $state(false);

  /**
   * Ask for persistent storage once, and read the figures. Resolves once the figures are read, never
   * waiting for the coach's answer to the browser's question: that arrives in `persisted` whenever given.
   */
  async init(): Promise<void> {
    const figures = this.refresh();
    try {
      const storage = navigator.storage;
      if ((await storage?.persisted?.()) === true) {
        this.persisted = true;
      } else if (!storage?.persist) {
        // The browser does not say (no StorageManager in WebKitGTK): `persisted` stays unknown, and nothing is claimed.
      } else {
        this.asking = true;
        storage
          .persist()
          .then((granted) => (this.persisted = granted), () => (this.persisted = false))
          .finally(() => (this.asking = false));
      }
    } catch {
      this.persisted = false;
    }
    await figures;
  }

  /** Re-read usage and quota, or the lessons' sizes where the browser reports none (after an import or a deletion). */
  async refresh(): Promise<void> {
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    this.usage = estimate?.usage ?? 0;
    this.quota = estimate?.quota ?? 0;
    this.reported = !!estimate?.quota;
    if (!this.reported) this.lessonBytes = await this.readLessonBytes().catch(() => 0);
  }
}
