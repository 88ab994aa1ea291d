export { startApiServerLink } from './apiServerLink';
export type { ApiServerLink } from './apiServerLink';
export { eventually } from './eventually';
export {
  TEST_NAMESPACE_LABELS,
  testKubeConfig,
  testKubeConfigFile,
  useTestNamespace,
} from './testNamespace';
export type { TestNamespace } from './testNamespace';
