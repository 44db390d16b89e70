import ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { staticEmbeddingOnnx } from "../../../src/embed/onnx-writer.js";

// 4 tokens × 2 dims, hand-checkable: row i is the vector of token i.
const TABLE = new Float32Array([0, 0, 1, 0, 0, 1, 2, 2]);
const int64 = (values: number[], dims: number[]): ort.Tensor =>
  new ort.Tensor("int64", BigInt64Array.from(values.map((v) => BigInt(v))), dims);

describe("staticEmbeddingOnnx", () => {
  it("runs in onnxruntime: Gather gives the table rows, sentence_embedding their mask-weighted mean", async () => {
    const bytes = staticEmbeddingOnnx({ table: TABLE, vocabSize: 4, dimensions: 2, pooling: "mean" });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(["input_ids", "attention_mask"]);
    const out = await session.run({
      input_ids: int64([1, 3, 0, 2, 2, 1], [2, 3]),
      attention_mask: int64([1, 1, 0, 1, 1, 1], [2, 3]),
    });
    const hidden = out["last_hidden_state"];
    const pooled = out["sentence_embedding"];
    expect(hidden?.dims).toEqual([2, 3, 2]);
    expect(Array.from(hidden?.data as Float32Array)).toEqual([1, 0, 2, 2, 0, 0, 0, 1, 0, 1, 1, 0]);
    expect(pooled?.dims).toEqual([2, 2]);
    // Row 0: mean of tokens 1 and 3 (token 0 is masked) = (1.5, 1); row 1: mean of 2, 2, 1 = (1/3, 2/3).
    const p = Array.from(pooled?.data as Float32Array);
    [1.5, 1, 1 / 3, 2 / 3].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 6));
    await session.release();
  });

  it("gives zeros, not NaN, for an all-padding row", async () => {
    const bytes = staticEmbeddingOnnx({ table: TABLE, vocabSize: 4, dimensions: 2, pooling: "mean" });
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ input_ids: int64([3, 3], [1, 2]), attention_mask: int64([0, 0], [1, 2]) });
    expect(Array.from(out["sentence_embedding"]?.data as Float32Array)).toEqual([0, 0]);
    await session.release();
  });

  it("without pooling has only last_hidden_state, and accepts token_type_ids when asked to", async () => {
    const bytes = staticEmbeddingOnnx({ table: TABLE, vocabSize: 4, dimensions: 2, pooling: "none", tokenTypeIds: true });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(["input_ids", "attention_mask", "token_type_ids"]);
    expect(session.outputNames).toEqual(["last_hidden_state"]);
    const out = await session.run({
      input_ids: int64([2], [1, 1]),
      attention_mask: int64([1], [1, 1]),
      token_type_ids: int64([0], [1, 1]),
    });
    expect(Array.from(out["last_hidden_state"]?.data as Float32Array)).toEqual([0, 1]);
    await session.release();
  });

  it("rejects a table that does not match vocabSize × dimensions", () => {
    expect(() => staticEmbeddingOnnx({ table: TABLE, vocabSize: 3, dimensions: 2, pooling: "none" })).toThrow(/expected 3×2/);
  });
});
