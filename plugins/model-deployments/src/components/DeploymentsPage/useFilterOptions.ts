import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { MODEL_ENTITY_TYPE } from '@modelops/plugin-model-deployments-common';
import useAsync from 'react-use/esm/useAsync';

/** A catalog entity offered as a filter value: its reference, and the name a user knows it by. */
export type EntityOption = { ref: string; title: string };

function toOption(entity: Entity): EntityOption {
  return {
    ref: stringifyEntityRef(entity),
    title: entity.metadata.title ?? entity.metadata.name,
  };
}

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
];

/** The models and the groups (owners) from the catalog, for the model and owner filters. */
export function useFilterOptions() {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async () => {
    const [models, groups] = await Promise.all([
      catalogApi.getEntities({
        filter: { kind: 'Resource', 'spec.type': MODEL_ENTITY_TYPE },
        fields: FIELDS,
        order: { field: 'metadata.name', order: 'asc' },
      }),
      catalogApi.getEntities({
        filter: { kind: 'Group' },
        fields: FIELDS,
        order: { field: 'metadata.name', order: 'asc' },
      }),
    ]);
    return {
      models: models.items.map(toOption),
      owners: groups.items.map(toOption),
    };
  }, [catalogApi]);
}
