// The one option a db: script takes (`--to FILE`, `--from FILE`): a usage error exits 2.
import { parseArgs } from 'node:util';

export function requiredFileOption(name: string, what: string, usage: string): string {
  let value: string | undefined;
  try {
    value = parseArgs({ options: { [name]: { type: 'string' } }, strict: true }).values[name] as string | undefined;
  } catch (e) {
    console.error(`${(e as Error).message}\nusage: ${usage}`);
    process.exit(2);
  }
  if (!value?.trim()) {
    console.error(`--${name} is required: ${what}\nusage: ${usage}`);
    process.exit(2);
  }
  return value;
}
