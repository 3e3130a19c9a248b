// Mini-batch Adam with L2 for the small networks the training scripts fit (train-voice-model.ts,
// train-talk-model.ts): the parameters by name, their gradients summed over a batch, one step per batch.

export class Adam<K extends string> {
  /** Gradients summed over the current batch, by parameter name; `step` divides by the batch size. */
  readonly grad: Record<K, Float64Array>;
  readonly #m: Record<K, Float64Array>;
  readonly #v: Record<K, Float64Array>;
  #t = 0;

  constructor(
    readonly params: Record<K, number[]>,
    private readonly lr: number,
    private readonly l2: number,
  ) {
    const zeros = () => Object.fromEntries(Object.entries<number[]>(params).map(([k, p]) => [k, new Float64Array(p.length)])) as Record<K, Float64Array>;
    this.grad = zeros();
    this.#m = zeros();
    this.#v = zeros();
  }

  /** Start a batch. */
  zeroGrad(): void {
    for (const k in this.grad) this.grad[k].fill(0);
  }

  /** Move every parameter by the batch's mean gradient (plus L2). */
  step(batchSize: number): void {
    this.#t++;
    const t = this.#t;
    for (const k in this.params) {
      const p = this.params[k], g = this.grad[k], m = this.#m[k], v = this.#v[k];
      for (let i = 0; i < p.length; i++) {
        const gi = g[i] / batchSize + this.l2 * p[i];
        m[i] = 0.9 * m[i] + 0.1 * gi;
        v[i] = 0.999 * v[i] + 0.001 * gi * gi;
        p[i] -= (this.lr * (m[i] / (1 - 0.9 ** t))) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8);
      }
    }
  }
}

/** Shuffle `order` in place (Fisher-Yates) with `random`. */
export function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
}

/**
 * `epochs` passes over `count` samples, each in a fresh shuffled order (the same order array shuffled again, so
 * the same `random` gives the same fit), in batches of `batch` with one Adam step each. `sample(i)` adds sample
 * i's gradient to `adam.grad` and returns its loss; `epochDone` hears each epoch's mean loss.
 */
export function fitEpochs<K extends string>(
  adam: Adam<K>,
  count: number,
  epochs: number,
  random: () => number,
  sample: (i: number) => number,
  epochDone: (epoch: number, meanLoss: number) => void,
  batch = 256,
): void {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    let loss = 0;
    for (let start = 0; start < count; start += batch) {
      adam.zeroGrad();
      const end = Math.min(count, start + batch);
      for (let q = start; q < end; q++) loss += sample(order[q]);
      adam.step(end - start);
    }
    epochDone(epoch, loss / count);
  }
}
