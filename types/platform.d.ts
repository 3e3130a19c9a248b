/**
 * The few globals the pure layers (src/core, workers/audio) may use: ones every place they run has,
 * the page, a worker and Node alike. Read by tsconfig.core.json only; the other layers get them
 * from their own libraries (DOM, WebWorker).
 */

interface TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare var TextEncoder: { prototype: TextEncoder; new (): TextEncoder };

interface SubtleCrypto {
  digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}
interface Crypto {
  readonly subtle: SubtleCrypto;
}
declare var crypto: Crypto;
