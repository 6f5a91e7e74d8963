import type { ServiceContext } from '../src/services/context.js';

/** Demo data set (being written). */
export async function seedDemo(_ctx: ServiceContext): Promise<string> {
  return 'nothing yet';
}
