import { mockServices } from '@backstage/backend-test-utils';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { APPROVERS_ANNOTATION } from '@modelops/plugin-model-deployments-common';
import { modelEntity } from '../__testUtils__/entities';
import { ModelOwnership } from './ModelOwnership';

const bert = modelEntity({ name: 'bert', owner: 'nlp-team' });
bert.metadata.annotations![APPROVERS_ANNOTATION] =
  'group:default/Release-Board';

function setup(maxAgeMs: number) {
  let now = 0;
  const catalog = {
    getEntitiesByRefs: jest.fn(async () => ({ items: [bert] })),
    getEntities: jest.fn(async () => ({ items: [bert] })),
  };
  const ownership = new ModelOwnership(
    catalog as unknown as CatalogService,
    mockServices.auth(),
    maxAgeMs,
    () => now,
  );
  return {
    ownership,
    catalog,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('ModelOwnership', () => {
  it('reads the owner and the approvers group as full, lowercase references', async () => {
    const { ownership } = setup(0);
    expect(await ownership.of(['Resource:default/BERT'])).toEqual(
      new Map([
        [
          'resource:default/bert',
          {
            owner: 'group:default/nlp-team',
            approvers: [
              'group:default/nlp-team',
              'group:default/release-board',
            ],
          },
        ],
      ]),
    );
    expect(
      await ownership.modelsOf('approver', ['group:default/release-board']),
    ).toEqual(['resource:default/bert']);
    expect(
      await ownership.modelsOf('owner', ['group:default/release-board']),
    ).toEqual([]);
  });

  it('reuses what it read for its time, then reads the catalog again', async () => {
    const { ownership, catalog, advance } = setup(5000);
    await ownership.of(['resource:default/bert']);
    await ownership.modelsOf('owner', ['group:default/nlp-team']);
    advance(4999);
    await ownership.of(['resource:default/bert']);
    await ownership.modelsOf('owner', ['group:default/nlp-team']);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(catalog.getEntities).toHaveBeenCalledTimes(1);
    advance(1);
    await ownership.of(['resource:default/bert']);
    await ownership.modelsOf('owner', ['group:default/nlp-team']);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(2);
    expect(catalog.getEntities).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed read of the models', async () => {
    const { ownership, catalog } = setup(5000);
    catalog.getEntities.mockRejectedValueOnce(new Error('catalog down'));
    await expect(
      ownership.modelsOf('owner', ['group:default/nlp-team']),
    ).rejects.toThrow('catalog down');
    expect(
      await ownership.modelsOf('owner', ['group:default/nlp-team']),
    ).toEqual(['resource:default/bert']);
  });
});
