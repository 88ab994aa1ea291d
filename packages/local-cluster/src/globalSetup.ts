import { startTestCluster } from './testCluster';

/** Jest global setup: one local cluster for the whole test run (see scripts/k8s/up.sh). */
export default async function globalSetup(): Promise<void> {
  await startTestCluster();
}
