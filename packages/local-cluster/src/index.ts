export { eventually } from './eventually';
export { testKubeConfig, useTestNamespace } from './testNamespace';
export type { TestNamespace } from './testNamespace';
