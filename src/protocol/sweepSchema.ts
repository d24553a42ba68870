/**
 * The `sweep` block of a config: which config values vary across the runs of a sweep. Kept apart from config.ts,
 * which embeds it, so that the sweep's expansion and checks (sweepExpand.ts, sweepCheck.ts) can read the config
 * schema without an import cycle.
 */
import { z } from 'zod';

/** Most jobs one sweep may expand to: a typo such as `count: 100000` should be an error, not a week of runs. */
export const MAX_SWEEP_JOBS = 10000;

const valueList = (doc: string) => z.array(z.json()).min(1).describe(doc);

const rangeSchema = z
  .strictObject({
    min: z.number().describe('Smallest value drawn.'),
    max: z.number().describe('Largest value drawn.'),
    log: z
      .boolean()
      .default(false)
      .describe('Draw uniformly on a log scale (both bounds must be > 0), as learning rates are usually searched.'),
    int: z.boolean().default(false).describe('Draw whole numbers (bounds included).'),
  })
  .describe(
    'A numeric range drawn uniformly (or log-uniformly with `log: true`); non-integer draws keep 4 significant ' +
      'digits, so they read well in tables and group keys.',
  );

export const sweepRandomSchema = z
  .strictObject({
    count: z
      .number()
      .int()
      .min(1)
      .max(MAX_SWEEP_JOBS)
      .describe('How many random points to draw (each combined with every grid point).'),
    params: z
      .record(z.string().min(1), z.union([rangeSchema, valueList('Values to draw from, each equally likely.')]))
      .describe(
        'Config paths (dotted, e.g. `train.lr`) and what to draw for them: a range `{ min, max, log?, int? }` or a ' +
          'list of values. The draws are seeded by the config `seed`, so a sweep expands the same way every time.',
      ),
  })
  .describe('Random search: `count` points drawn for the `params` paths.');

export const sweepSchema = z
  .strictObject({
    grid: z
      .record(
        z.string().min(1),
        valueList('The values this config path takes; every combination with the other grid paths runs.'),
      )
      .optional()
      .describe(
        'Config paths (dotted, e.g. `reduce.method`, `train.epochs`, `loop.0.ratio`) and the values each takes; ' +
          'the sweep runs every combination. Each value is checked as if written at that path.',
      ),
    random: sweepRandomSchema.optional(),
    repeats: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(1)
      .describe(
        'Runs per swept configuration, with seeds `seed`, `seed + 1`, ...: the summary gives the mean and the ' +
          'spread over them.',
      ),
  })
  .describe(
    'Run many configs from this one (`scann sweep`): the grid, times the random draws, times the repeats. The ' +
      'rest of the config is the base every run starts from, and must be valid on its own.',
  );

export type SweepSpec = z.output<typeof sweepSchema>;
export type SweepRange = z.output<typeof rangeSchema>;
