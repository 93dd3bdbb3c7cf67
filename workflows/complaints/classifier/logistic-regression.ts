// Binary logistic regression over sparse named features, trained by AdaGrad with L2: small, deterministic, no I/O.
// Written here rather than taken from npm: ml-logistic-regression 2.0.0 fits dense ml-matrix rows and natural 8.1.1's
// classifiers bring their own English tokenizer; a message has ~150 of ~60,000 sparse features.

export interface TrainingExample {
  features: string[];
  label: 0 | 1;
  /** How much this example counts (a workspace's own decision counts more than a corpus sentence). */
  weight?: number;
}

export interface LogisticModel {
  bias: number;
  weights: Record<string, number>;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

export function trainLogistic(examples: TrainingExample[], options: TrainOptions = {}): LogisticModel {
  const { epochs = 12, learningRate = 0.3, l2 = 1e-4, seed = 1 } = options;
  // Features become array indexes once, so the epochs run over typed arrays instead of string-keyed maps.
  const index = new Map<string, number>();
  const rows = examples.map((e) => Int32Array.from(e.features, (f) => index.get(f) ?? (index.set(f, index.size), index.size - 1)));
  const weights = new Float64Array(index.size);
  const squared = new Float64Array(index.size);
  let bias = 0;
  let biasSquared = 0;
  const order = examples.map((_, i) => i);
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0), state / 4294967296);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const k of order) {
      const row = rows[k]!;
      let z = bias;
      for (let f = 0; f < row.length; f++) z += weights[row[f]!]!;
      const gradient = (sigmoid(z) - examples[k]!.label) * (examples[k]!.weight ?? 1);
      for (let f = 0; f < row.length; f++) {
        const at = row[f]!;
        const g = gradient + l2 * weights[at]!;
        squared[at]! += g * g;
        weights[at]! -= (learningRate * g) / Math.sqrt(squared[at]! + 1e-8);
      }
      biasSquared += gradient * gradient;
      bias -= (learningRate * gradient) / Math.sqrt(biasSquared + 1e-8);
    }
  }
  // Near-zero weights change no answer; dropping them keeps the stored model small.
  const kept = [...index].filter(([, at]) => Math.abs(weights[at]!) >= 1e-3).map(([f, at]) => [f, Math.round(weights[at]! * 1e4) / 1e4] as const);
  return { bias: Math.round(bias * 1e4) / 1e4, weights: Object.fromEntries(kept) };
}

export function probability(model: LogisticModel, features: string[]): number {
  let z = model.bias;
  for (const f of features) z += model.weights[f] ?? 0;
  return sigmoid(z);
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z))));
}
