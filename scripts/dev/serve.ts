// Serves the H5 build and the local cloud on 127.0.0.1 (npm run serve; npm start builds first).
import path from 'path';
import { startLocalCloud } from '../local-cloud';
import { seedDemoBrand } from '../seed/demo-brand';

const root = path.resolve(__dirname, '../..');

async function serve(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  const cloud = await startLocalCloud({ dataDir: path.join(root, '.data'), staticDir: path.join(root, 'dist/h5'), port });
  if (cloud.db.dump('settings').length === 0) {
    await seedDemoBrand(cloud);
    console.log('seeded the demo brand (first start)');
  }
  console.log(`\n  本地云已启动: ${cloud.url}/#/pages/dev-login/index\n  (Ctrl+C 停止)\n`);
  const stop = async () => {
    await cloud.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

serve().catch((error) => {
  console.error(error);
  process.exit(1);
});
