import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  modelDeployments?: {
    /** The catalog module's full sync of the deployments' Components (default every 10 minutes). */
    catalog?: { schedule?: SchedulerServiceTaskScheduleDefinitionConfig };
  };
}
