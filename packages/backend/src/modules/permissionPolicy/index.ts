export { permissionModuleModelDeploymentsDemoPolicy as default } from './module';
