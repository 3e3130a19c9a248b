/**
 * Can this browser window keep a video? Checked once, before an import writes anything, by storing
 * and deleting a one-byte Blob in a database of its own (the lessons' database is never touched).
 */

/** Name of the throwaway database the check writes to (deleted again right after). */
export const BLOB_CHECK_DATABASE = 'reframe-blob-check';

/**
 * True when IndexedDB here stores a Blob. A throwaway profile may not: WebKit's private browsing and
 * its automation sessions fail every Blob write ("Error preparing Blob/File data to be stored in object
 * store", WebKitGTK 2.50, issue 27), and a browser without IndexedDB stores nothing at all.
 */
export function canStoreBlobs(factory: IDBFactory | null = globalThis.indexedDB ?? null): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    if (!factory) return resolve(false);
    let open: IDBOpenDBRequest;
    try {
      open = factory.open(BLOB_CHECK_DATABASE, 1);
    } catch {
      return resolve(false);
    }
    open.onupgradeneeded = () => open.result.createObjectStore('blobs');
    open.onerror = () => resolve(false);
    open.onsuccess = () => {
      const database = open.result;
      const finish = (stored: boolean) => {
        database.close();
        const removal = factory.deleteDatabase(BLOB_CHECK_DATABASE);
        removal.onsuccess = removal.onerror = () => resolve(stored);
      };
      try {
        const transaction = database.transaction('blobs', 'readwrite');
        const blobs = transaction.objectStore('blobs');
        blobs.put(new Blob([new Uint8Array([1])]), 'check');
        blobs.delete('check');
        transaction.oncomplete = () => finish(true);
        // A failed write aborts the transaction (its error is not prevented).
        transaction.onabort = () => finish(false);
      } catch {
        finish(false);
      }
    };
  });
}
