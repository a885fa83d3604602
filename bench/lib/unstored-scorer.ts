// A Scorer that delegates to the real one but reports another model version, so the resolvers
// never take a stored score from the graph (Trial.modelVersion must equal scorer.modelVersion for
// that) and every outcomePrediction goes through the batch scorer: the cold path this benchmark
// measures, whatever the scoring job already wrote.
import type { Scorer, ScorerStats, TrialModelInput, TrialScore } from "../../src/model/types.js";

export class UnstoredScorer implements Scorer {
  readonly modelVersion: string;
  constructor(private readonly inner: Scorer) {
    this.modelVersion = `${inner.modelVersion}+bench-unstored`;
  }
  get executionProvider(): string {
    return this.inner.executionProvider;
  }
  get embeddingDim(): number {
    return this.inner.embeddingDim;
  }
  score(input: TrialModelInput): Promise<TrialScore> {
    return this.inner.score(input);
  }
  scoreMany(inputs: TrialModelInput[]): Promise<TrialScore[]> {
    return this.inner.scoreMany(inputs);
  }
  stats(): ScorerStats {
    return this.inner.stats();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
