// Durability: an append-only journal with one checksummed JSON line per commit (a whole
// transaction is one line, so a crash never leaves half of one), compacted now and then into
// a snapshot written to a temp file and renamed over the old one. Lines hold whole documents
// (post-images), so replaying a line twice is harmless.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Change, Store } from './store';
import { Doc, encode, fromStorable } from './wire';

const COMPACT_AFTER_BYTES = 16 * 1024 * 1024;

/** Data dirs this process has open: a second writer would interleave two histories. */
const openDirs = new Set<string>();

interface SnapshotFile {
  seq: number;
  collections: Record<string, unknown[]>;
}

type JournalLine = { s: number; c: [string, unknown, unknown][]; n: string[] };

function checksum(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}

export class Journal {
  private readonly journalPath: string;
  private readonly snapshotPath: string;
  private readonly lockPath: string;
  private fd: number;
  private bytes = 0;
  private closed = false;

  constructor(
    private readonly dir: string,
    store: Store,
  ) {
    this.dir = path.resolve(dir);
    fs.mkdirSync(this.dir, { recursive: true });
    this.journalPath = path.join(this.dir, 'journal.log');
    this.snapshotPath = path.join(this.dir, 'snapshot.json');
    this.lockPath = path.join(this.dir, 'LOCK');
    this.lock();
    try {
      this.loadSnapshot(store);
      this.replay(store);
      this.fd = fs.openSync(this.journalPath, 'a');
    } catch (error) {
      this.unlock();
      throw error;
    }
  }

  append(seq: number, changes: Change[], created: string[]): void {
    // The JSON of a JournalLine, with the documents written once as canonical EJSON (the text
    // JSON.stringify would give for their storable form).
    const c = changes.map((ch) => `[${JSON.stringify(ch.coll)},${encode(ch.id)},${ch.doc ? encode(ch.doc) : 'null'}]`);
    const json = `{"s":${seq},"c":[${c.join(',')}],"n":${JSON.stringify(created)}}`;
    const line = `${checksum(json)} ${json}\n`;
    if (this.closed) throw new Error('The journal is closed');
    try {
      fs.writeSync(this.fd, line);
      fs.fdatasyncSync(this.fd);
    } catch (error) {
      // Cut off a partial line (disk full...), or every later commit would follow garbage.
      fs.ftruncateSync(this.fd, this.bytes);
      throw error;
    }
    this.bytes += Buffer.byteLength(line);
  }

  shouldCompact(): boolean {
    return this.bytes > COMPACT_AFTER_BYTES;
  }

  /** Snapshot first (temp file, fsync, rename), then empty the journal; replay skips old seqs. */
  compact(store: Store): void {
    // SnapshotFile's JSON, documents as canonical EJSON.
    const collections = store.names().map((name) => `${JSON.stringify(name)}:[${store.docs(name).map(encode).join(',')}]`);
    const tmp = `${this.snapshotPath}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, `{"seq":${store.seq},"collections":{${collections.join(',')}}}`);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.snapshotPath);
    this.syncDir();
    fs.ftruncateSync(this.fd, 0);
    fs.fsyncSync(this.fd);
    this.bytes = 0;
  }

  /** Drops all data on disk; the journal stays open for new writes. */
  clear(): void {
    fs.rmSync(this.snapshotPath, { force: true });
    fs.ftruncateSync(this.fd, 0);
    fs.fsyncSync(this.fd);
    this.bytes = 0;
  }

  close(store: Store): void {
    this.compact(store);
    this.closed = true;
    fs.closeSync(this.fd);
    this.unlock();
  }

  private lock(): void {
    if (openDirs.has(this.dir)) throw new Error(`local-cloud: ${this.dir} is already open in this process`);
    try {
      fs.writeFileSync(this.lockPath, String(process.pid), { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(fs.readFileSync(this.lockPath, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new Error(`local-cloud: ${this.dir} is in use by process ${pid}`);
      }
      fs.writeFileSync(this.lockPath, String(process.pid)); // the owner died (e.g. kill -9)
    }
    openDirs.add(this.dir);
  }

  private unlock(): void {
    fs.rmSync(this.lockPath, { force: true });
    openDirs.delete(this.dir);
  }

  private loadSnapshot(store: Store): void {
    if (!fs.existsSync(this.snapshotPath)) return;
    const snapshot = JSON.parse(fs.readFileSync(this.snapshotPath, 'utf8')) as SnapshotFile;
    for (const [name, docs] of Object.entries(snapshot.collections)) {
      const changes = docs.map((raw) => {
        const doc = fromStorable(raw) as Doc;
        return { coll: name, id: doc._id, doc };
      });
      store.apply(changes, [name]);
    }
    store.seq = snapshot.seq;
  }

  /**
   * Applies every whole, checksummed line in order. The first line that is torn (no newline,
   * bad checksum, broken JSON, out of sequence) ends the history: it was never acknowledged,
   * so the file is cut there and new commits follow the last good one.
   */
  private replay(store: Store): void {
    if (!fs.existsSync(this.journalPath)) return;
    const text = fs.readFileSync(this.journalPath, 'utf8');
    let good = 0;
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const record = parseLine(text.slice(start, end));
      if (!record || (record.s > store.seq && record.s !== store.seq + 1)) break;
      if (record.s > store.seq) {
        const changes = record.c.map(([coll, id, doc]) => ({
          coll,
          id: fromStorable(id),
          doc: doc === null ? null : (fromStorable(doc) as Doc),
        }));
        store.apply(changes, record.n);
        store.seq = record.s;
      }
      start = end + 1;
      good = start;
    }
    const goodBytes = Buffer.byteLength(text.slice(0, good));
    if (goodBytes < fs.statSync(this.journalPath).size) fs.truncateSync(this.journalPath, goodBytes);
    this.bytes = goodBytes;
  }

  private syncDir(): void {
    try {
      const fd = fs.openSync(this.dir, 'r');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    } catch {
      // Some platforms cannot fsync a directory; the rename is still atomic there.
    }
  }
}

function parseLine(line: string): JournalLine | null {
  const space = line.indexOf(' ');
  if (space !== 16) return null;
  const json = line.slice(space + 1);
  if (checksum(json) !== line.slice(0, space)) return null;
  try {
    return JSON.parse(json) as JournalLine;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
