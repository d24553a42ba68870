/** A model file that cannot be read, or cannot be expressed in the format asked for; the CLI reports it as bad input. */
export class ModelError extends Error {
  override name = 'ModelError';
}
