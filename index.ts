export * from './lib/index';
