export * from './events.js';
export * from './errors.js';
export * from './recommendations.js';
export * from './profile.js';
export * from './service-center.js';
