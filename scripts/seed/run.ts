// npm run seed: writes the demo brand into the local database (.data/db).
import path from 'path';
import { buildAllFunctions } from '../build/functions';
import { startLocalCloud } from '../local-cloud';
import { seedDemoBrand } from './demo-brand';

export const DATA_DIR = path.resolve(__dirname, '../../.data');

async function run(): Promise<void> {
  await buildAllFunctions();
  const cloud = await startLocalCloud({ dataDir: DATA_DIR });
  await seedDemoBrand(cloud);
  await cloud.close();
  console.log(`seeded the demo brand into ${path.relative(process.cwd(), DATA_DIR)}`);
}

if (require.main === module) run().catch((error) => {
  console.error(error);
  process.exit(1);
});
