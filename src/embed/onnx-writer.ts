/**
 * Writes the ONNX graph of a static embedding model: a token-embedding table looked up by
 * `input_ids` (Gather), optionally followed by attention-mask mean pooling. Encoded with the
 * `onnx-proto` ModelProto definitions; IR version 8 / opset 13 (onnxruntime-node 1.30 accepts both).
 */
import onnxProto from "onnx-proto";
import { InvalidInputError } from "../core/errors.js";

const { onnx } = onnxProto;
type ValueInfo = InstanceType<typeof onnx.ValueInfoProto>;
type Node = InstanceType<typeof onnx.NodeProto>;
type Tensor = InstanceType<typeof onnx.TensorProto>;

/** ONNX IR version written (onnx 1.10 = IR 8). */
export const ONNX_IR_VERSION = 8;
/** Default-domain opset written: 13 is the first with `axes` as an input of ReduceSum/Unsqueeze. */
export const ONNX_OPSET = 13;

export interface StaticOnnxOptions {
  /** Row-major vocabSize × dimensions float32 token table. */
  table: Float32Array;
  vocabSize: number;
  dimensions: number;
  /**
   * `"none"`: output `last_hidden_state` [batch, seq, dims] (BERT-like; the caller mean-pools).
   * `"mean"`: also output `sentence_embedding` [batch, dims], the attention-mask mean of the rows.
   */
  pooling: "none" | "mean";
  /** Declare a (unused) `token_type_ids` input, for runtimes that insist on feeding one. Default false. */
  tokenTypeIds?: boolean;
  /** Free text stored in the model's doc string. */
  docString?: string;
}

const INT64 = onnx.TensorProto.DataType.INT64;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

function valueInfo(name: string, elemType: number, dims: (string | number)[]): ValueInfo {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });
}

function node(opType: string, inputs: string[], outputs: string[], attrs: Record<string, number> = {}): Node {
  return onnx.NodeProto.create({
    opType,
    input: inputs,
    output: outputs,
    name: outputs[0] ?? opType,
    attribute: Object.entries(attrs).map(([name, i]) =>
      onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i }),
    ),
  });
}

function int64Const(name: string, values: number[]): Tensor {
  const raw = new BigInt64Array(values.map((v) => BigInt(v)));
  return onnx.TensorProto.create({
    name,
    dataType: INT64,
    dims: [values.length],
    rawData: new Uint8Array(raw.buffer),
  });
}

function floatTensor(name: string, dims: number[], values: Float32Array): Tensor {
  // raw_data is little-endian per the ONNX spec, as are typed arrays on every platform Node supports.
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return onnx.TensorProto.create({ name, dataType: FLOAT, dims, rawData: bytes });
}

/** Encodes the static embedding graph as ONNX model bytes. */
export function staticEmbeddingOnnx(options: StaticOnnxOptions): Uint8Array {
  const { table, vocabSize, dimensions, pooling } = options;
  if (table.length !== vocabSize * dimensions || vocabSize < 1 || dimensions < 1) {
    throw new InvalidInputError(
      `staticEmbeddingOnnx: table has ${table.length} values, expected ${vocabSize}×${dimensions}`,
    );
  }
  const inputs = [
    valueInfo("input_ids", INT64, ["batch_size", "sequence_length"]),
    valueInfo("attention_mask", INT64, ["batch_size", "sequence_length"]),
  ];
  if (options.tokenTypeIds === true) inputs.push(valueInfo("token_type_ids", INT64, ["batch_size", "sequence_length"]));

  const initializer: Tensor[] = [floatTensor("embeddings", [vocabSize, dimensions], table)];
  const nodes: Node[] = [node("Gather", ["embeddings", "input_ids"], ["last_hidden_state"], { axis: 0 })];
  const outputs = [valueInfo("last_hidden_state", FLOAT, ["batch_size", "sequence_length", dimensions])];

  if (pooling === "mean") {
    initializer.push(
      int64Const("axis_seq", [1]),
      int64Const("axis_feature", [2]),
      floatTensor("min_count", [1], new Float32Array([1e-9])),
    );
    nodes.push(
      node("Cast", ["attention_mask"], ["mask_f"], { to: FLOAT }),
      node("Unsqueeze", ["mask_f", "axis_feature"], ["mask_3d"]),
      node("Mul", ["last_hidden_state", "mask_3d"], ["masked"]),
      node("ReduceSum", ["masked", "axis_seq"], ["summed"], { keepdims: 0 }),
      node("ReduceSum", ["mask_f", "axis_seq"], ["token_count"], { keepdims: 1 }),
      // All-padding rows would divide by zero; their sum is zero anyway.
      node("Max", ["token_count", "min_count"], ["token_count_safe"]),
      node("Div", ["summed", "token_count_safe"], ["sentence_embedding"]),
    );
    outputs.push(valueInfo("sentence_embedding", FLOAT, ["batch_size", dimensions]));
  }

  const model = onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: "", version: ONNX_OPSET }],
    producerName: "talentgraph",
    producerVersion: "1",
    docString: options.docString ?? "static token-embedding model",
    graph: {
      name: "static_embedding",
      node: nodes,
      initializer,
      input: inputs,
      output: outputs,
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
