// One schema module per area; drizzle-kit and the app both read this index.
export * from './schema/core.js';
export * from './schema/flowdown.js';
export * from './schema/contractor.js';
export * from './schema/officer.js';
export * from './schema/ops.js';
export * from './schema/notifications.js';
export * from './schema/auth.js';
export * from './schema/emass.js';
export * from './schema/idempotency.js';
export * from './schema/timeline-bulk.js';
