/** Issue 27: a window that cannot store a Blob in IndexedDB (WebKit's private browsing) is found out before an import. */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { BLOB_CHECK_DATABASE, canStoreBlobs } from '../../../src/db/blob-check';

const put = IDBObjectStore.prototype.put;
afterEach(() => {
  IDBObjectStore.prototype.put = put;
});

const databaseNames = async () => (await indexedDB.databases()).map((d) => d.name);

describe('canStoreBlobs', () => {
  it('is true where a Blob can be stored, and leaves no database behind', async () => {
    expect(await canStoreBlobs()).toBe(true);
    expect(await databaseNames()).not.toContain(BLOB_CHECK_DATABASE);
  });

  it('is false where storing a Blob fails, as in a WebKit private window, and leaves no database behind', async () => {
    IDBObjectStore.prototype.put = function (value: unknown, key?: IDBValidKey) {
      if (value instanceof Blob) throw new DOMException('Error preparing Blob/File data to be stored in object store', 'UnknownError');
      return put.call(this, value, key);
    };
    expect(await canStoreBlobs()).toBe(false);
    expect(await databaseNames()).not.toContain(BLOB_CHECK_DATABASE);
  });

  it('is false where the failure comes later, when the transaction is aborted', async () => {
    IDBObjectStore.prototype.put = function (value: unknown, key?: IDBValidKey) {
      const request = put.call(this, value, key);
      if (value instanceof Blob) this.transaction.abort();
      return request;
    };
    expect(await canStoreBlobs()).toBe(false);
  });

  it('is false without IndexedDB', async () => {
    expect(await canStoreBlobs(null)).toBe(false);
  });
});
