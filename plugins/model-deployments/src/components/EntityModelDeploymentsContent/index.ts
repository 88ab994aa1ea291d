export { EntityModelDeploymentsContent } from './EntityModelDeploymentsContent';
