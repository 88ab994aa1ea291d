export { startApiServerLink } from './apiServerLink';
export type { ApiServerLink } from './apiServerLink';
export { eventually } from './eventually';
export {
  REAL_NODE,
  REAL_NODE_PLACEMENT,
  REAL_NODE_TEST_IMAGE,
} from './realNode';
export {
  TEST_NAMESPACE_LABELS,
  testKubeConfig,
  testKubeConfigFile,
  useTestNamespace,
} from './testNamespace';
export type { TestNamespace } from './testNamespace';
