// One schema module per area; drizzle-kit and the app both read this index.
export * from './schema/core.js';
