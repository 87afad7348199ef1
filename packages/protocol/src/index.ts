export * from './events.js';
export * from './errors.js';
export * from './recommendations.js';
export * from './profile.js';
export * from './service-center.js';
export * from './storable-text.js';
export * from './shop-config.js';
