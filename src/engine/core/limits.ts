/**
 * How large a network the engine agrees to build. A network keeps one dense row of weights per neuron over every
 * possible source (see `Network`), so its table grows with the square of the hidden capacity: `start.hidden:
 * 100000` (the schema's maximum) would need 160 billion entries. Checking the size first turns that into a clear
 * error instead of an allocation failure deep in the engine.
 */
export const MAX_WEIGHT_ENTRIES = 2 ** 27;

/** A network (or a model file's network) too large to build: the config or the model asks for too much. */
export class NetworkSizeError extends Error {
  override name = 'NetworkSizeError';
}

/** Throws NetworkSizeError when a weight table of `targets` x `sources` would exceed MAX_WEIGHT_ENTRIES. */
export function checkNetworkSize(inputs: number, hiddenCapacity: number, outputs: number): void {
  const entries = (hiddenCapacity + outputs) * (inputs + hiddenCapacity);
  if (entries <= MAX_WEIGHT_ENTRIES) return;
  const mb = (n: number): string => `${Math.round((n * 5) / 1e6).toLocaleString('en-US')} MB`;
  throw new NetworkSizeError(
    `a network of ${inputs} inputs, up to ${hiddenCapacity.toLocaleString('en-US')} hidden neurons and ${outputs} ` +
      `outputs needs a table of ${entries.toExponential(2)} weights (${mb(entries)}); the engine builds at most ` +
      `${MAX_WEIGHT_ENTRIES.toLocaleString('en-US')} (${mb(MAX_WEIGHT_ENTRIES)}): lower start.hidden, ` +
      'start.maxHidden or baseline.hidden',
  );
}
