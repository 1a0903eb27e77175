/**
 * Gradient-boosted regression trees (squared loss), histogram-based and grown
 * leaf-wise like LightGBM, in plain TypeScript so that the service can retrain
 * in a worker thread without Python. Pure and deterministic: the same rows and
 * options give the same trees (no sampling, ties broken by feature and bin order).
 *
 * A single tree with learning rate 1 is a regression tree (the "tree" method).
 */

export interface GbmOptions {
  /** Boosting rounds (trees). */
  rounds: number;
  learningRate: number;
  /** Leaves per tree (leaf-wise growth: the split with the largest gain first). */
  maxLeaves: number;
  /** Depth limit on top of maxLeaves; 0 = none. */
  maxDepth?: number;
  /** Fewest rows in a leaf. */
  minLeafRows: number;
  /** L2 penalty on leaf values (in rows: a leaf of n rows moves by sum / (n + l2)). */
  l2: number;
  /** Histogram bins per feature (at most 256). */
  maxBins?: number;
}

/** One tree, flattened: node i is a leaf when feature[i] < 0; else x[feature] <= threshold goes to left[i]. */
export interface GbmTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  /** Leaf values (learning rate included); 0 at inner nodes. */
  value: number[];
}

export interface GbmModel {
  /** Start value (mean target). */
  base: number;
  trees: GbmTree[];
}

const DEFAULT_BINS = 255;

/** Upper edges of each feature's bins: quantile cut points, or every distinct value when there are few. */
export function binEdges(column: ArrayLike<number>, maxBins: number): number[] {
  const sorted = Float64Array.from(column).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  if (distinct.length <= maxBins) {
    // A split between two values goes halfway, so a value never seen in training falls on the nearer side.
    return distinct.map((v, i) => (i + 1 < distinct.length ? (v + distinct[i + 1]) / 2 : Infinity));
  }
  const edges: number[] = [];
  for (let b = 1; b < maxBins; b++) {
    const at = sorted[Math.min(sorted.length - 1, Math.floor((b * sorted.length) / maxBins))];
    if (edges.length === 0 || at > edges[edges.length - 1]) edges.push(at);
  }
  edges.push(Infinity);
  return edges;
}

/** Index of the first edge >= value (binary search). */
function binOf(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
  /** Sums of the left side. */
  leftG: number;
  leftN: number;
}

interface Leaf {
  node: number;
  depth: number;
  rows: Int32Array;
  sumG: number;
  /** Per feature and bin: sum of gradients and row counts. */
  histG: Float64Array;
  histN: Int32Array;
  split: Split | null;
}

/**
 * Fits the model on `rows` (one array of feature values per row) and `target`.
 * Throws on empty input or non-finite values.
 */
export function fitGbm(rows: readonly (readonly number[])[], target: readonly number[], options: GbmOptions): GbmModel {
  const n = rows.length;
  if (n === 0 || target.length !== n) throw new Error('fitGbm: need as many targets as rows, and at least one');
  const featureCount = rows[0].length;
  const maxBins = Math.min(256, options.maxBins ?? DEFAULT_BINS);
  const edges: number[][] = [];
  for (let f = 0; f < featureCount; f++) {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = rows[i][f];
      if (!Number.isFinite(v)) throw new Error(`fitGbm: row ${i} feature ${f} is not finite`);
      column[i] = v;
    }
    edges.push(binEdges(column, maxBins));
  }
  const binCounts = edges.map((e) => e.length);
  const offsets: number[] = [];
  let histSize = 0;
  for (const count of binCounts) {
    offsets.push(histSize);
    histSize += count;
  }
  // Row-major histogram slots (offset + bin) of every row and feature: one row's slots are read together.
  const slots = new Uint16Array(n * featureCount);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < featureCount; f++) slots[i * featureCount + f] = offsets[f] + binOf(edges[f], rows[i][f]);
  }

  let base = 0;
  for (const t of target) {
    if (!Number.isFinite(t)) throw new Error('fitGbm: non-finite target');
    base += t;
  }
  base /= n;
  const prediction = new Float64Array(n).fill(base);
  const gradient = new Float64Array(n);
  const { l2, minLeafRows, learningRate } = options;
  const maxDepth = options.maxDepth && options.maxDepth > 0 ? options.maxDepth : Infinity;

  const histogram = (rowsOf: Int32Array): { histG: Float64Array; histN: Int32Array; sumG: number } => {
    const histG = new Float64Array(histSize);
    const histN = new Int32Array(histSize);
    let sumG = 0;
    for (let k = 0; k < rowsOf.length; k++) {
      const i = rowsOf[k];
      const g = gradient[i];
      sumG += g;
      const start = i * featureCount;
      for (let f = 0; f < featureCount; f++) {
        const at = slots[start + f];
        histG[at] += g;
        histN[at] += 1;
      }
    }
    return { histG, histN, sumG };
  };

  const bestSplit = (leaf: Omit<Leaf, 'split'>): Split | null => {
    const total = leaf.rows.length;
    if (total < 2 * minLeafRows || leaf.depth >= maxDepth) return null;
    const parentScore = (leaf.sumG * leaf.sumG) / (total + l2);
    let best: Split | null = null;
    for (let f = 0; f < featureCount; f++) {
      const offset = offsets[f];
      let g = 0;
      let count = 0;
      for (let b = 0; b < binCounts[f] - 1; b++) {
        g += leaf.histG[offset + b];
        count += leaf.histN[offset + b];
        if (count < minLeafRows) continue;
        const rightN = total - count;
        if (rightN < minLeafRows) break;
        const rightG = leaf.sumG - g;
        const gain = (g * g) / (count + l2) + (rightG * rightG) / (rightN + l2) - parentScore;
        if (gain > 1e-12 && (!best || gain > best.gain)) best = { gain, feature: f, bin: b, leftG: g, leftN: count };
      }
    }
    return best;
  };

  const trees: GbmTree[] = [];
  const all = Int32Array.from({ length: n }, (_, i) => i);
  for (let round = 0; round < options.rounds; round++) {
    for (let i = 0; i < n; i++) gradient[i] = prediction[i] - target[i];
    const tree: GbmTree = { feature: [-1], threshold: [0], left: [-1], right: [-1], value: [0] };
    const rootHist = histogram(all);
    const root: Leaf = { node: 0, depth: 0, rows: all, ...rootHist, split: null };
    root.split = bestSplit(root);
    const leaves: Leaf[] = [root];
    while (leaves.length < options.maxLeaves) {
      // The leaf with the largest gain; ties go to the earlier leaf.
      let pick = -1;
      for (let l = 0; l < leaves.length; l++) {
        const split = leaves[l].split;
        if (split && (pick < 0 || split.gain > leaves[pick].split!.gain)) pick = l;
      }
      if (pick < 0) break;
      const leaf = leaves[pick];
      const split = leaf.split!;
      const splitSlot = offsets[split.feature] + split.bin;
      const leftRows = new Int32Array(split.leftN);
      const rightRows = new Int32Array(leaf.rows.length - split.leftN);
      let li = 0;
      let ri = 0;
      for (let k = 0; k < leaf.rows.length; k++) {
        const i = leaf.rows[k];
        if (slots[i * featureCount + split.feature] <= splitSlot) leftRows[li++] = i;
        else rightRows[ri++] = i;
      }
      // Histogram of the smaller child; the larger is the parent's minus it.
      const smallIsLeft = leftRows.length <= rightRows.length;
      const small = histogram(smallIsLeft ? leftRows : rightRows);
      const largeG = new Float64Array(histSize);
      const largeN = new Int32Array(histSize);
      for (let h = 0; h < histSize; h++) {
        largeG[h] = leaf.histG[h] - small.histG[h];
        largeN[h] = leaf.histN[h] - small.histN[h];
      }
      const large = { histG: largeG, histN: largeN, sumG: leaf.sumG - small.sumG };
      const leftNode = tree.feature.length;
      const rightNode = leftNode + 1;
      for (let k = 0; k < 2; k++) {
        tree.feature.push(-1);
        tree.threshold.push(0);
        tree.left.push(-1);
        tree.right.push(-1);
        tree.value.push(0);
      }
      tree.feature[leaf.node] = split.feature;
      tree.threshold[leaf.node] = edges[split.feature][split.bin];
      tree.left[leaf.node] = leftNode;
      tree.right[leaf.node] = rightNode;
      const depth = leaf.depth + 1;
      const left: Leaf = { node: leftNode, depth, rows: leftRows, ...(smallIsLeft ? small : large), split: null };
      const right: Leaf = { node: rightNode, depth, rows: rightRows, ...(smallIsLeft ? large : small), split: null };
      left.split = bestSplit(left);
      right.split = bestSplit(right);
      leaves.splice(pick, 1, left, right);
    }
    for (const leaf of leaves) {
      const value = (-leaf.sumG / (leaf.rows.length + l2)) * learningRate;
      tree.value[leaf.node] = value;
      for (let k = 0; k < leaf.rows.length; k++) prediction[leaf.rows[k]] += value;
    }
    trees.push(tree);
  }
  return { base, trees };
}

/** The leaf value `x` reaches in `tree`. */
export function treeValue(tree: GbmTree, x: readonly number[]): number {
  let node = 0;
  while (tree.feature[node] >= 0) node = x[tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  return tree.value[node];
}

export function predictGbm(model: GbmModel, x: readonly number[]): number {
  let sum = model.base;
  for (const tree of model.trees) sum += treeValue(tree, x);
  return sum;
}

/** All trees of a model in flat typed arrays: what estimates walk, several times faster than the JSON arrays. */
export interface CompiledGbm {
  base: number;
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

export function compileGbm(model: GbmModel): CompiledGbm {
  const size = model.trees.reduce((sum, tree) => sum + tree.feature.length, 0);
  const compiled: CompiledGbm = {
    base: model.base,
    roots: new Int32Array(model.trees.length),
    feature: new Int32Array(size),
    threshold: new Float64Array(size),
    left: new Int32Array(size),
    right: new Int32Array(size),
    value: new Float64Array(size),
  };
  let offset = 0;
  model.trees.forEach((tree, t) => {
    compiled.roots[t] = offset;
    for (let i = 0; i < tree.feature.length; i++) {
      compiled.feature[offset + i] = tree.feature[i];
      compiled.threshold[offset + i] = tree.threshold[i];
      compiled.left[offset + i] = offset + tree.left[i];
      compiled.right[offset + i] = offset + tree.right[i];
      compiled.value[offset + i] = tree.value[i];
    }
    offset += tree.feature.length;
  });
  return compiled;
}

export function predictCompiled(model: CompiledGbm, x: readonly number[]): number {
  const { roots, feature, threshold, left, right, value } = model;
  let sum = model.base;
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t];
    while (feature[node] >= 0) node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
    sum += value[node];
  }
  return sum;
}
