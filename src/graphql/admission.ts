// Admission control for model work: at most `maxActive` scorer calls run at once and `maxQueued`
// wait; beyond that a request is refused at once with 503 SERVICE_UNAVAILABLE and Retry-After,
// instead of joining a queue whose wait grows with every client (a burst of 100 distinct what-ifs
// gave p99 ~10 s for everyone; issue 14, class 5). A counter and a FIFO of waiters is all it takes,
// so it is written here rather than taken from p-limit (which has no refusal, only an unbounded queue).
import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { Scorer, TrialModelInput, TrialScore } from "../model/types.js";
import { ErrorCode } from "./errors.js";

export const RETRY_AFTER_SECONDS = 1;

export class AdmissionGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  refused = 0;

  constructor(
    readonly maxActive: number,
    readonly maxQueued: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxActive) {
      if (this.waiting.length >= this.maxQueued) {
        this.refused++;
        throw busyError(this.active, this.waiting.length);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }

  get stats(): { active: number; queued: number; refused: number } {
    return { active: this.active, queued: this.waiting.length, refused: this.refused };
  }
}

function busyError(active: number, queued: number): GraphQLError {
  return new GraphQLError("the model is busy; retry shortly", {
    extensions: {
      code: ErrorCode.SERVICE_UNAVAILABLE,
      service: "model",
      active,
      queued,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      http: { status: 503, headers: new HeaderMap([["retry-after", String(RETRY_AFTER_SECONDS)]]) },
    },
  });
}

/** The scorer as the GraphQL layer uses it: every call admitted through the gate. */
export function admittedScorer(scorer: Scorer, gate: AdmissionGate): Scorer {
  return {
    get modelVersion() {
      return scorer.modelVersion;
    },
    get executionProvider() {
      return scorer.executionProvider;
    },
    get embeddingDim() {
      return scorer.embeddingDim;
    },
    score: (input: TrialModelInput): Promise<TrialScore> => gate.run(() => scorer.score(input)),
    scoreMany: (inputs: TrialModelInput[]): Promise<TrialScore[]> => gate.run(() => scorer.scoreMany(inputs)),
    stats: () => scorer.stats(),
    close: () => scorer.close(),
  };
}
