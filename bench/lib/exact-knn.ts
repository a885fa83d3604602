// Exact nearest neighbours by cosine over L2-normalised embeddings (a dot product), brute force in
// memory: the baseline the vector index's recall is measured against (neighbours, scale).

/** Top-k ids by cosine to row q of the matrix (rows of `dim` floats), q itself excluded. */
export function exactTopK(ids: string[], matrix: Float32Array, dim: number, q: number, k: number): string[] {
  const best: { i: number; s: number }[] = [];
  const b = q * dim;
  for (let i = 0; i < ids.length; i++) {
    if (i === q) continue;
    let s = 0;
    const a = i * dim;
    for (let d = 0; d < dim; d++) s += matrix[a + d]! * matrix[b + d]!;
    if (best.length < k || s > best[best.length - 1]!.s) {
      best.push({ i, s });
      best.sort((x, y) => y.s - x.s);
      if (best.length > k) best.pop();
    }
  }
  return best.map((x) => ids[x.i]!);
}

/** Share of the exact top-k that a result holds. */
export function recallAt(exact: string[], got: Iterable<string>): number {
  const set = new Set(got);
  return exact.length === 0 ? 1 : exact.filter((id) => set.has(id)).length / exact.length;
}
