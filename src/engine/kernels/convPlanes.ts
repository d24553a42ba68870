import { convOutShape, mapSize, poolOutShape, type ConvSpec, type MapShape, type PoolSpec } from '../core/conv';
import { CONV_OP } from './convAbi';
import { convCsr } from './convCsr';
import type { ConvDevice } from './convDevice';
import {
  convFields,
  convScratch,
  oneBiasCount,
  planesFields,
  planesFit,
  planesPitch,
  planesPoolFields,
  planesSize,
  rowsShape,
  transferFields,
} from './convRows';

/**
 * One sample through a sparse conv layer and a max pool with the maps kept in channel planes between them, as a
 * one-sample forward pass chains them (CONV_FWD_SPARSE_1P writing planes, then MAXPOOL_FWD_1P): `out` (NHWC) =
 * maxPool(conv(x, weight) + bias, ReLU if asked), the signatures of core/conv.ts. The four jobs run as one job list.
 * For the tests of those kernels against the reference, and a model of how a forward pass uses them.
 */
export function conv2dMaxPoolPlanes(
  dev: ConvDevice,
  x: Float32Array,
  inShape: MapShape,
  weight: Float32Array,
  bias: Float32Array,
  spec: ConvSpec,
  mask: ArrayLike<number>,
  pool: PoolSpec,
  out: Float32Array,
  relu = false,
): void {
  const inRows = rowsShape(inShape, spec.pad, true);
  const cs = convOutShape(inShape, spec);
  if (!planesFit(spec, cs)) throw new Error('this conv layer does not run on planes (stride 1, rows of at most 24)');
  const ps = poolOutShape(cs, pool);
  const pitch = planesPitch(inRows, cs);
  dev.reset(convScratch(inShape.c, spec));
  const nhwc = dev.alloc(mapSize(inShape));
  const rows = dev.alloc(inRows.rows);
  const planes = dev.alloc(planesSize(inRows, pitch));
  const csr = convCsr(mask, spec, inShape.c, inRows.gridW, { gridH: inRows.gridH, pitch });
  const nnz = csr.widx.length;
  const w = dev.alloc(nnz);
  const rowptr = dev.alloc(spec.outC + 1);
  const roff = dev.alloc(nnz);
  const b = dev.alloc(oneBiasCount(spec.outC, false));
  const convOut = dev.alloc(mapSize(cs));
  const poolOut = dev.alloc(mapSize(ps));
  const list = dev.allocJobs(4);
  dev.commit();
  dev.setJobs(list, [
    { OP: CONV_OP.TO_ROWS, ...transferFields(inRows, nhwc, rows) },
    { ...planesFields(inRows, pitch), X: rows, Y: planes },
    {
      ...convFields(inRows, spec),
      OP: CONV_OP.CONV_FWD_SPARSE_1P,
      X: planes,
      MW: pitch,
      W: w,
      BIAS: b,
      ROWPTR: rowptr,
      ROFF: roff,
      Y: convOut,
      YMW: cs.w,
      RELU: relu ? 1 : 0,
    },
    { ...planesPoolFields(cs, pool, ps.w), X: convOut, Y: poolOut },
  ]);
  const { f32, i32 } = dev;
  f32.set(x.subarray(0, mapSize(inShape)), nhwc >> 2);
  i32.set(csr.rowptr, rowptr >> 2);
  i32.set(csr.roff, roff >> 2);
  for (let t = 0; t < nnz; t++) f32[(w >> 2) + t] = weight[csr.widx[t]!]!;
  f32.set(bias.subarray(0, spec.outC), b >> 2);
  dev.runJobs(list);
  // Planes [c][oh][ow] back to the HWC map.
  const at = poolOut >> 2;
  for (let c = 0; c < ps.c; c++)
    for (let p = 0; p < ps.h * ps.w; p++) out[p * ps.c + c] = dev.f32[at + c * ps.h * ps.w + p]!;
}
