/**
 * The engine process's check of what arrives over IPC. The parent is our own extension, but a message is still
 * data from another process: anything that is not a request of this version (`null`, a truncated object, a config
 * the schema rejects) is refused with a reason instead of crashing the run.
 */
import { z } from 'zod';
import { configSchema } from './config';
import { ENGINE_PRIORITIES, type EngineRequest } from './events';

const engineRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('start'),
    config: configSchema,
    baseDir: z.string().min(1),
    dataDir: z.string().min(1),
    priority: z.enum(ENGINE_PRIORITIES).optional(),
  }),
  z.strictObject({ type: z.literal('cancel') }),
]);

export type ParsedEngineRequest = { ok: true; request: EngineRequest } | { ok: false; reason: string };

export function parseEngineRequest(x: unknown): ParsedEngineRequest {
  const r = engineRequestSchema.safeParse(x);
  if (r.success) return { ok: true, request: r.data };
  const issue = r.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, reason: `${issue?.message ?? 'invalid'}${where}` };
}
