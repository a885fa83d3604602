// The admission gate on its own: maxActive calls run at once, maxQueued wait in order, one more is
// refused at once with 503 and Retry-After; a finished call hands its slot to the next waiter; the
// admitted scorer sends every scoring call through the gate and passes everything else through.
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { admittedScorer, AdmissionGate, RETRY_AFTER_SECONDS } from "../../../src/graphql/admission.js";
import { FakeScorer } from "./fakes.js";

/** A piece of work the test finishes (or fails) when it chooses. */
function held<T>(value: T) {
  let finish!: () => void;
  let fail!: (e: Error) => void;
  const started = { value: false };
  const work = () => {
    started.value = true;
    return new Promise<T>((resolve, reject) => {
      finish = () => resolve(value);
      fail = reject;
    });
  };
  return { work, started, finish: () => finish(), fail: (e: Error) => fail(e) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("AdmissionGate", () => {
  it("runs up to maxActive at once, queues up to maxQueued, refuses the next at once", async () => {
    const gate = new AdmissionGate(2, 1);
    const [a, b, c] = [held("a"), held("b"), held("c")];
    const pa = gate.run(a.work);
    const pb = gate.run(b.work);
    const pc = gate.run(c.work);
    await tick();
    expect([a.started.value, b.started.value, c.started.value]).toEqual([true, true, false]);
    expect(gate.stats).toEqual({ active: 2, queued: 1, refused: 0 });

    const refused = await gate.run(async () => "never").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GraphQLError);
    const e = refused as GraphQLError;
    expect(e.message).toBe("the model is busy; retry shortly");
    expect(e.extensions).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      service: "model",
      active: 2,
      queued: 1,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      http: { status: 503 },
    });
    const headers = (e.extensions.http as { headers: Map<string, string> }).headers;
    expect(headers.get("retry-after")).toBe(String(RETRY_AFTER_SECONDS));
    expect(gate.stats.refused).toBe(1);

    // a finishes: its slot goes straight to c (still 2 active, none queued).
    a.finish();
    expect(await pa).toBe("a");
    await tick();
    expect(c.started.value).toBe(true);
    expect(gate.stats).toEqual({ active: 2, queued: 0, refused: 1 });

    b.finish();
    c.finish();
    expect(await Promise.all([pb, pc])).toEqual(["b", "c"]);
    expect(gate.stats).toEqual({ active: 0, queued: 0, refused: 1 });
  });

  it("a failed call frees its slot too, and its error reaches the caller", async () => {
    const gate = new AdmissionGate(1, 0);
    const a = held("a");
    const pa = gate.run(a.work);
    await tick();
    expect(await gate.run(async () => 1).catch((e: unknown) => (e as Error).message)).toBe(
      "the model is busy; retry shortly",
    );
    a.fail(new Error("onnx failed"));
    await expect(pa).rejects.toThrow("onnx failed");
    expect(gate.stats.active).toBe(0);
    expect(await gate.run(async () => 2)).toBe(2);
  });

  it("waiters start in arrival order", async () => {
    const gate = new AdmissionGate(1, 3);
    const order: string[] = [];
    const first = held("first");
    const p0 = gate.run(first.work);
    const rest = ["x", "y", "z"].map((name) =>
      gate.run(async () => {
        order.push(name);
        return name;
      }),
    );
    await tick();
    expect(gate.stats).toEqual({ active: 1, queued: 3, refused: 0 });
    first.finish();
    await Promise.all([p0, ...rest]);
    expect(order).toEqual(["x", "y", "z"]);
    expect(gate.stats.active).toBe(0);
  });
});

describe("admittedScorer", () => {
  it("scores through the gate and passes the scorer's identity, stats and close through", async () => {
    const inner = new FakeScorer();
    let closed = false;
    inner.close = async () => {
      closed = true;
    };
    const gate = new AdmissionGate(1, 0);
    const scorer = admittedScorer(inner, gate);
    expect([scorer.modelVersion, scorer.executionProvider, scorer.embeddingDim]).toEqual([
      inner.modelVersion,
      inner.executionProvider,
      inner.embeddingDim,
    ]);
    const input = {
      phase: "phase 2",
      inclusionCriteria: "abc",
      exclusionCriteria: "",
      drugs: [],
      icdCodes: [],
    };
    const one = await scorer.score(input);
    expect(one).toEqual((await inner.scoreMany([input]))[0]);
    expect(await scorer.scoreMany([input, input])).toHaveLength(2);
    expect(scorer.stats()).toEqual(inner.stats());

    // While one call holds the only slot (and no queue), the next is refused: both methods are gated.
    const hold = held(one);
    inner.score = hold.work;
    const busy = scorer.score(input);
    await tick();
    await expect(scorer.scoreMany([input])).rejects.toThrow("the model is busy");
    await expect(scorer.score(input)).rejects.toThrow("the model is busy");
    hold.finish();
    await busy;

    await scorer.close();
    expect(closed).toBe(true);
  });
});
