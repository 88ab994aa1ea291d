export { DeploymentsTable } from './DeploymentsTable';
export { Pager } from './Pager';
