import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { installDatabaseTransport, LocalDatabase } from '../../scripts/local-cloud/database';
import { cloud } from './helpers';

let dirs: string[] = [];
const opened: LocalDatabase[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-'));
  dirs.push(dir);
  return dir;
}

function open(dataDir: string): { local: LocalDatabase; db: any } {
  const local = new LocalDatabase({ dataDir });
  opened.push(local);
  installDatabaseTransport(local);
  return { local, db: cloud.database() };
}

afterEach(async () => {
  for (const local of opened.splice(0)) await local.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

async function writeSample(db: any): Promise<void> {
  await db.createCollection('empty');
  await db.collection('members').add({ data: [{ _id: 5, n: 'number' }, { _id: '5', n: 'string', at: new Date(1_000) }] });
  await db.collection('members').doc(5).update({ data: { tags: ['a'] } });
  await db.runTransaction(async (tx: any) => {
    await tx.collection('members').doc('5').update({ data: { n: 'changed' } });
    await tx.collection('ledger').add({ data: { _id: 'e1', amount: 1 } });
  });
}

const SAMPLE = {
  members: [
    { _id: 5, n: 'number', tags: ['a'] },
    { _id: '5', n: 'changed', at: new Date(1_000) },
  ],
  ledger: [{ _id: 'e1', amount: 1 }],
};

test('data survives close and reopen (close compacts into a snapshot)', async () => {
  const dir = tempDir();
  const first = open(dir);
  await writeSample(first.db);
  await first.local.close();
  expect(fs.readFileSync(path.join(dir, 'journal.log'), 'utf8')).toBe('');
  expect(fs.existsSync(path.join(dir, 'snapshot.json'))).toBe(true);

  const second = open(dir);
  expect(second.local.dump('members')).toEqual(SAMPLE.members);
  expect(second.local.dump('ledger')).toEqual(SAMPLE.ledger);
  expect(second.local.collections().sort()).toEqual(['empty', 'ledger', 'members']);
  expect((await second.db.collection('members').doc(5).get()).data.n).toBe('number');
});

describe('recovery from a crashed data dir (journal only, no clean close)', () => {
  // The journal of a live database is complete after every commit, so a copy of it is exactly
  // what a process killed at that moment leaves behind.
  async function crashedCopy(): Promise<{ dir: string; lines: string[] }> {
    const liveDir = tempDir();
    const live = open(liveDir);
    await writeSample(live.db);
    const dir = tempDir();
    fs.copyFileSync(path.join(liveDir, 'journal.log'), path.join(dir, 'journal.log'));
    await live.local.close();
    const lines = fs.readFileSync(path.join(dir, 'journal.log'), 'utf8').split('\n').filter(Boolean);
    return { dir, lines };
  }

  test('replays every committed line', async () => {
    const { dir } = await crashedCopy();
    const { local } = open(dir);
    expect(local.dump('members')).toEqual(SAMPLE.members);
    expect(local.dump('ledger')).toEqual(SAMPLE.ledger);
  });

  test('ignores a torn last line: the transaction in it is wholly absent', async () => {
    const { dir, lines } = await crashedCopy();
    const journal = path.join(dir, 'journal.log');
    const whole = lines.slice(0, -1).map((l) => `${l}\n`).join('');
    const last = lines[lines.length - 1]; // the transaction: members '5' and ledger e1
    fs.writeFileSync(journal, whole + last.slice(0, Math.floor(last.length / 2)));

    const first = open(dir);
    expect(first.local.dump('ledger')).toEqual([]);
    expect(first.local.dump('members').find((d) => d._id === '5').n).toBe('string');
    expect(fs.readFileSync(journal, 'utf8')).toBe(whole); // cut back to the last good line
    await first.db.collection('ledger').add({ data: { _id: 'after', amount: 2 } });
    await first.local.close();

    const second = open(dir);
    expect(second.local.dump('ledger')).toEqual([{ _id: 'after', amount: 2 }]);
  });

  test('a last line with a bad checksum is dropped the same way', async () => {
    const { dir, lines } = await crashedCopy();
    const last = lines[lines.length - 1].replace('"amount":{"$numberInt":"1"}', '"amount":{"$numberInt":"9"}');
    fs.writeFileSync(path.join(dir, 'journal.log'), [...lines.slice(0, -1), last].map((l) => `${l}\n`).join(''));
    const { local } = open(dir);
    expect(local.dump('ledger')).toEqual([]);
  });
});

test('reset drops the data and its files', async () => {
  const dir = tempDir();
  const first = open(dir);
  await writeSample(first.db);
  await first.local.reset();
  expect(first.local.collections()).toEqual([]);
  await first.db.collection('after').add({ data: { _id: 1 } });
  await first.local.close();
  const second = open(dir);
  expect(second.local.collections()).toEqual(['after']);
});

test('a data dir cannot be opened twice', async () => {
  const dir = tempDir();
  open(dir);
  expect(() => new LocalDatabase({ dataDir: dir })).toThrow(/already open/);
});

describe('kill -9 in the middle of writes', () => {
  let child: ChildProcess | undefined;
  afterEach(() => child?.kill('SIGKILL'));

  test('every committed transaction is whole after reopening', async () => {
    const dir = tempDir();
    const fixture = path.join(__dirname, 'fixtures', 'crash-writer.ts');
    child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), fixture, dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let reported = 0;
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise((resolve) => child!.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (chunk: Buffer) => {
        const numbers = chunk.toString().split('\n').filter(Boolean).map(Number);
        reported = Math.max(reported, ...numbers);
        if (reported >= 25) resolve();
      });
      child!.on('exit', () => reject(new Error(`writer exited early: ${stderr}`)));
    });
    child.kill('SIGKILL');
    await exited;

    const { local } = open(dir); // takes over the dead writer's LOCK
    const [a, b] = ['a', 'b'].map((id) => local.dump('accounts').find((d) => d._id === id).balance);
    const entries = local.dump('entries');
    expect(a + b).toBe(1_000_000);
    expect(entries).toHaveLength(b);
    expect(entries.map((e) => e._id)).toEqual(Array.from({ length: b }, (_x, i) => `e${i + 1}`));
    expect(b).toBeGreaterThanOrEqual(reported); // nothing acknowledged was lost
    expect(local.dump('log').length).toBeGreaterThanOrEqual(reported);
  }, 20_000);
});
