/**
 * Names of the built-in datasets (`builtin:NAME`). Kept here, not in the engine, so that config validation in every
 * runtime (CLI, editor diagnostics, completion) knows them without loading any data.
 */
export const BUILTIN_DATASET_NAMES: readonly string[] = ['iris', 'wine', 'breast_cancer', 'optdigits', 'mnist'];
