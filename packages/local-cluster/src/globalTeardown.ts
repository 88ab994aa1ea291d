import { stopTestCluster } from './testCluster';

/** Jest global teardown: stops the cluster that the global setup started. */
export default async function globalTeardown(): Promise<void> {
  await stopTestCluster();
}
