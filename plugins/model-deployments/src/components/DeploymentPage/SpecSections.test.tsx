import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';
import { screen, within } from '@testing-library/react';
import { aDeployment } from '../../__testUtils__/deployments';
import { SpecSections } from './SpecSections';

async function renderSections(deployment: ModelDeployment) {
  await renderInTestApp(<SpecSections deployment={deployment} />, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

/** The labels of the rows of the card titled `title`, in order. */
function rowLabels(title: string) {
  const card = screen.getByText(title).closest<HTMLElement>('.MuiCard-root')!;
  return within(card)
    .getAllByRole('rowheader')
    .map(header => header.textContent);
}

describe('SpecSections', () => {
  it("shows each section's fields in the documentation's order", async () => {
    await renderSections(aDeployment());
    expect(rowLabels('Basic Information')).toEqual([
      'Deployment Name',
      'Description',
      'Model',
      'Model ID',
      'Model Version',
      'Environment',
      'Deployment Strategy',
      'Extra Instance During Updates',
    ]);
    expect(rowLabels('Resource Configuration')).toEqual([
      'CPU Cores',
      'Memory (GB)',
      'GPU Count',
      'GPU Type',
      'Storage (GB)',
      'Network Bandwidth (Mbps)',
    ]);
    expect(rowLabels('Scaling Configuration')).toEqual([
      'Current Instances',
      'Enable Auto-Scaling',
      'Min Instances',
      'Max Instances',
      'Target CPU Utilization (%)',
      'Target Memory Utilization (%)',
      'Target GPU Utilization (%)',
    ]);
    expect(rowLabels('Load Balancer')).toEqual([
      'Enable Load Balancer',
      'Load Balancing Algorithm',
      'Health Check Path',
      'Health Check Interval (seconds)',
      'Sticky Sessions',
    ]);
  });

  it('leaves out the GPU fields without GPUs, and the scaling targets with auto-scaling off', async () => {
    const { spec } = aDeployment();
    await renderSections(
      aDeployment({
        spec: {
          ...spec,
          resources: { ...spec.resources, gpuCount: 0, gpuType: undefined },
          autoscaling: { ...spec.autoscaling, enabled: false },
        },
      }),
    );
    expect(rowLabels('Resource Configuration')).not.toContain('GPU Type');
    expect(rowLabels('Scaling Configuration')).toEqual([
      'Current Instances',
      'Enable Auto-Scaling',
      'Min Instances',
      'Max Instances',
    ]);
  });
});
