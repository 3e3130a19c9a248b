/** A content fingerprint that identifies a lesson's video without reading all of it. */

/** Bytes hashed from each end of the file. */
export const FINGERPRINT_EDGE_BYTES = 1024 * 1024;

/** SHA-256 (hex) over the size and the first and last MiB: cheap for 4 GB, and stable across copies. */
export async function fingerprintOf(size: number, head: ArrayBuffer, tail: ArrayBuffer): Promise<string> {
  const sizeBytes = new TextEncoder().encode(`reframe:${size}:`);
  const joined = new Uint8Array(sizeBytes.length + head.byteLength + tail.byteLength);
  joined.set(sizeBytes, 0);
  joined.set(new Uint8Array(head), sizeBytes.length);
  joined.set(new Uint8Array(tail), sizeBytes.length + head.byteLength);
  const digest = await crypto.subtle.digest('SHA-256', joined);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
