/**
 * Feature scaling. Fitted on the training split only, so that nothing about the validation or test rows leaks into
 * training; the scaler is stored with models so they can take raw features.
 */
import { DatasetError, type Scaler, type Table } from './types';

export type ScalingKind = Scaler['kind'];

/** Fits min-max ([0,1]) or z-score scaling per feature; constant features get scale 1 (never a division by 0). */
export function fitScaler(kind: ScalingKind, train: Table, features: number): Scaler {
  const offset = new Float32Array(features);
  const scale = new Float32Array(features).fill(1);
  if (kind === 'none') return { kind, offset, scale };
  if (train.rows === 0) throw new DatasetError('cannot fit feature scaling on an empty training split');
  const { x, rows } = train;
  // Accumulate in float64 columns: float32 sums drift on tens of thousands of rows.
  const a = new Float64Array(features);
  const b = new Float64Array(features);
  if (kind === 'minmax') {
    a.fill(Infinity);
    b.fill(-Infinity);
    for (let r = 0; r < rows; r++) {
      const base = r * features;
      for (let j = 0; j < features; j++) {
        const v = x[base + j]!;
        if (v < a[j]!) a[j] = v;
        if (v > b[j]!) b[j] = v;
      }
    }
    for (let j = 0; j < features; j++) {
      offset[j] = a[j]!;
      setScale(scale, j, b[j]! - a[j]!);
    }
    return { kind, offset, scale };
  }
  for (let r = 0; r < rows; r++) {
    const base = r * features;
    for (let j = 0; j < features; j++) a[j]! += x[base + j]!;
  }
  for (let j = 0; j < features; j++) a[j]! /= rows;
  // Two passes (mean, then squared deviations) so that a constant feature gets exactly std 0.
  for (let r = 0; r < rows; r++) {
    const base = r * features;
    for (let j = 0; j < features; j++) {
      const d = x[base + j]! - a[j]!;
      b[j]! += d * d;
    }
  }
  for (let j = 0; j < features; j++) {
    offset[j] = a[j]!;
    setScale(scale, j, Math.sqrt(b[j]! / rows));
  }
  return { kind, offset, scale };
}

function setScale(scale: Float32Array, j: number, spread: number): void {
  const s = Math.fround(1 / spread);
  // A zero or denormal spread would give an infinite scale; such a feature carries no information anyway.
  scale[j] = spread > 0 && Number.isFinite(s) ? s : 1;
}

/** Returns a new array x' = (x - offset) * scale for row-major `x` with `features` columns. */
export function applyScaler(scaler: Scaler, x: Float32Array, features: number): Float32Array {
  if (scaler.offset.length !== features || scaler.scale.length !== features || x.length % features !== 0) {
    throw new DatasetError(
      `feature count mismatch: the scaler has ${scaler.offset.length} features, the data ${features} ` +
        `(${x.length} values)`,
    );
  }
  const out = new Float32Array(x.length);
  const { offset, scale } = scaler;
  for (let base = 0; base < x.length; base += features) {
    for (let j = 0; j < features; j++) out[base + j] = (x[base + j]! - offset[j]!) * scale[j]!;
  }
  return out;
}

export function scaleTable(scaler: Scaler, table: Table, features: number): Table {
  return { x: applyScaler(scaler, table.x, features), y: table.y, rows: table.rows };
}
