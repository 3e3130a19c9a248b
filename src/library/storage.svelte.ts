/** The browser storage this origin uses, its quota, and whether it is persistent. */

/** Live storage figures for the storage meter. */
export class StorageStatus {
  usage = $state(0);
  quota = $state(0);
  /** null until asked; false means the browser may clear the data under storage pressure. */
  persisted = $state<boolean | null>(null);

  /** Ask for persistent storage once, and read the figures. */
  async init(): Promise<void> {
    try {
      const already = (await navigator.storage?.persisted?.()) ?? false;
      this.persisted = already || ((await navigator.storage?.persist?.()) ?? false);
    } catch {
      this.persisted = false;
    }
    await this.refresh();
  }

  /** Re-read usage and quota (after an import or a deletion). */
  async refresh(): Promise<void> {
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    this.usage = estimate?.usage ?? 0;
    this.quota = estimate?.quota ?? 0;
  }
}
