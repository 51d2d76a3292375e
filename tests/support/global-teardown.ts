import { rmSync } from 'fs';

export default async function globalTeardown(): Promise<void> {
  const dir = process.env.LOCAL_FUNCTIONS_DIR;
  if (dir && /functions-jest-\d+$/.test(dir)) rmSync(dir, { recursive: true, force: true });
}
