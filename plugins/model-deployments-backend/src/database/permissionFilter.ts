import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type { Knex } from 'knex';

/**
 * A condition that a permission policy puts on the deployments a user may see, as data: the store turns
 * it into SQL, so that a conditional decision filters the query instead of rows in memory.
 */
export type DeploymentFilter = {
  column: 'environment' | 'model_ref';
  values: string[];
};

/** Adds the criteria to a query; `table` qualifies the columns when deployments are joined to another table. */
export function applyPermissionFilter(
  query: Knex.QueryBuilder,
  criteria: PermissionCriteria<DeploymentFilter>,
  table?: string,
): void {
  if ('allOf' in criteria) {
    query.where(q =>
      criteria.allOf.forEach(c =>
        q.andWhere(sub => applyPermissionFilter(sub, c, table)),
      ),
    );
  } else if ('anyOf' in criteria) {
    query.where(q =>
      criteria.anyOf.forEach(c =>
        q.orWhere(sub => applyPermissionFilter(sub, c, table)),
      ),
    );
  } else if ('not' in criteria) {
    query.whereNot(q => applyPermissionFilter(q, criteria.not, table));
  } else if (criteria.values.length === 0) {
    query.whereRaw('1 = 0');
  } else {
    query.whereIn(
      table ? `${table}.${criteria.column}` : criteria.column,
      criteria.values,
    );
  }
}
