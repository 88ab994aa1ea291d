import { z } from 'zod/v3';
import { environmentSchema } from '../spec';
import { DEPLOYMENT_STATUSES } from '../status';

/** @public */
export const LIST_PAGE_SIZE_DEFAULT = 50;
/** @public */
export const LIST_PAGE_SIZE_MAX = 200;

/** A query parameter that may repeat (`?status=a&status=b`) or list values (`?status=a,b`). */
function repeatable<T extends z.ZodTypeAny>(item: T) {
  return z.preprocess(value => {
    const values = Array.isArray(value) ? value : [value];
    return values.flatMap(v => (typeof v === 'string' ? v.split(',') : [v]));
  }, z.array(item).min(1));
}

const entityRefParam = z
  .string()
  .regex(
    /^[a-z]+:([A-Za-z0-9][-A-Za-z0-9._]*\/)?[A-Za-z0-9][-A-Za-z0-9._]*$/i,
    "must be a catalog entity reference, e.g. 'group:default/nlp-team'",
  );

/**
 * The query of `GET /deployments`. Filters combine with AND; values of one filter with OR. Deleted
 * deployments are listed only when `status` asks for them.
 *
 * @public
 */
export const listDeploymentsQuerySchema = z
  .object({
    model: repeatable(entityRefParam).optional(),
    environment: repeatable(environmentSchema).optional(),
    status: repeatable(
      z.enum(DEPLOYMENT_STATUSES, {
        errorMap: () => ({
          message: `must be one of ${DEPLOYMENT_STATUSES.join(', ')}`,
        }),
      }),
    ).optional(),
    owner: repeatable(entityRefParam).optional(),
    q: z
      .string()
      .max(100, 'must be at most 100 characters')
      .optional()
      .describe('Search in name, model ID and description'),
    limit: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(LIST_PAGE_SIZE_MAX, `must be at most ${LIST_PAGE_SIZE_MAX}`)
      .default(LIST_PAGE_SIZE_DEFAULT),
    cursor: z.string().max(500, 'must be at most 500 characters').optional(),
  })
  .strict();

/** @public */
export type ListDeploymentsQuery = z.input<typeof listDeploymentsQuerySchema>;

/** @public */
export type ParsedListDeploymentsQuery = z.output<
  typeof listDeploymentsQuerySchema
>;
