import {
  listDeploymentsQuerySchema,
  type ListDeploymentsQuery,
  type ParsedListDeploymentsQuery,
} from '@modelops/plugin-model-deployments-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

const LIST_FILTERS = ['environment', 'status', 'owner', 'model'] as const;

/** The filters a user can set on the Deployments page. */
export type DeploymentFilters = {
  [K in (typeof LIST_FILTERS)[number]]: NonNullable<
    ParsedListDeploymentsQuery[K]
  >;
} & { q: string };

/** Each filter's values in the URL, kept only where the API's own query schema accepts them. */
function readFilters(params: URLSearchParams): DeploymentFilters {
  const filters: DeploymentFilters = {
    environment: [],
    status: [],
    owner: [],
    model: [],
    q: params.get('q') ?? '',
  };
  for (const key of LIST_FILTERS) {
    const parsed = listDeploymentsQuerySchema.shape[key].safeParse(
      params.getAll(key),
    );
    if (parsed.success && parsed.data) {
      (filters[key] as string[]) = parsed.data;
    }
  }
  return filters;
}

/**
 * The Deployments page's filters, kept in the URL so that a filtered list can be shared and survives a
 * reload.
 */
export function useDeploymentFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);

  const setFilter = useCallback(
    <K extends keyof DeploymentFilters>(
      key: K,
      value: DeploymentFilters[K],
    ) => {
      setParams(
        previous => {
          const next = new URLSearchParams(previous);
          next.delete(key);
          const items: readonly string[] = Array.isArray(value)
            ? value
            : [value as string];
          for (const item of items) {
            if (item) next.append(key, item);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  const query: ListDeploymentsQuery = {
    ...Object.fromEntries(
      LIST_FILTERS.filter(key => filters[key].length > 0).map(key => [
        key,
        filters[key],
      ]),
    ),
    ...(filters.q ? { q: filters.q } : {}),
  };

  return { filters, setFilter, query };
}
