import plugin from './alpha';

describe('the plugin for the new frontend system', () => {
  it('provides the extensions docs/frontend.md lists, under those ids', () => {
    const ids = [
      'page:model-deployments',
      'entity-content:model-deployments/deployments',
      'entity-card:model-deployments/deployments',
      'entity-content:model-deployments/deployment',
      'api:model-deployments',
      'scaffolder-form-field:model-deployments/model-version-picker',
    ] as const;
    for (const id of ids) {
      expect(plugin.getExtension(id)).toBeDefined();
    }
  });

  it('offers the approvals page as a route of its own, for links from other plugins', () => {
    expect(plugin.routes.approvals).toBeDefined();
    expect(plugin.routes.deployment).toBeDefined();
  });
});
