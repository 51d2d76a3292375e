import fs from 'fs';
import path from 'path';
import { Readable } from 'stream';
import type { IncomingMessage, ServerResponse } from 'http';
import { LOCAL_ENV_ID, newRequestId } from './context';

// Cloud storage on local disk. Each method answers what @cloudbase/node-sdk's method of the same
// name resolves with (wx-server-sdk builds its result from that), so a file stored at `cloudPath`
// lives at `<storageDir>/<cloudPath>` and is served under `<publicBaseUrl>/__local/storage/`.

const BUCKET = 'local-bucket';
const STORAGE_PATH = '/__local/storage/';
/** What the real service grants when the caller names no maxAge (a guess: one day). */
const DEFAULT_MAX_AGE = 86400;
/** The H5 client's avatar uploads (PUT): a phone photo after WeChat's crop is far below this. */
const CLIENT_UPLOAD_MAX_BYTES = 2 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
};

interface TcbError {
  code: string;
  message: string;
  requestId?: string;
}

export class LocalStorage {
  constructor(
    private readonly storageDir: string,
    private readonly publicBaseUrl: () => string,
  ) {}

  fileIdFor(cloudPath: string): string {
    return `cloud://${LOCAL_ENV_ID}.${BUCKET}/${cloudPath}`;
  }

  async uploadFile(options: { cloudPath: string; fileContent: unknown }): Promise<{ fileID: string } | TcbError> {
    const content = await readContent(options.fileContent);
    if (!content) {
      // node-sdk throws this for anything but a Buffer or a read stream.
      throw Object.assign(new Error('[node-sdk] fileContent should be instance of fs.ReadStream or Buffer'), {
        code: 'INVALID_PARAM',
      });
    }
    const file = this.diskPath(options.cloudPath);
    if (!file) return { code: 'INVALID_PARAM', message: `invalid cloudPath: ${options.cloudPath}` };
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await fs.promises.writeFile(file, content);
    // node-sdk answers the fileID alone, and never reports the upload's HTTP status, so
    // wx-server-sdk's `statusCode` is -1 in the real cloud as well.
    return { fileID: this.fileIdFor(options.cloudPath) };
  }

  async getTempFileURL(options: { fileList: unknown }): Promise<Record<string, unknown> | TcbError> {
    if (!Array.isArray(options.fileList)) return { code: 'INVALID_PARAM', message: 'fileList必须是非空的数组' };
    const fileList = await Promise.all(options.fileList.map((item) => this.tempUrl(item)));
    return { fileList, requestId: newRequestId() };
  }

  async downloadFile(options: { fileID: string }): Promise<Record<string, unknown>> {
    const file = this.diskPathOfFileId(options.fileID);
    const content = file ? await readIfExists(file) : undefined;
    if (!content) {
      return { code: 'STORAGE_FILE_NONEXIST', message: 'storage file not exists', fileID: options.fileID, tempFileURL: '' };
    }
    return { fileContent: content, message: '文件下载完成' };
  }

  async deleteFile(options: { fileList: unknown }): Promise<Record<string, unknown> | TcbError> {
    if (!Array.isArray(options.fileList)) return { code: 'INVALID_PARAM', message: 'fileList必须是非空的数组' };
    const fileList = await Promise.all(
      options.fileList.map(async (fileID: unknown) => {
        const file = typeof fileID === 'string' ? this.diskPathOfFileId(fileID) : undefined;
        const existed = file ? await fs.promises.rm(file).then(() => true, () => false) : false;
        return { fileID, code: existed ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' };
      }),
    );
    return { fileList, requestId: newRequestId() };
  }

  /** Serves `GET|HEAD /__local/storage/<cloudPath>`. */
  async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://local');
    if (!url.pathname.startsWith(STORAGE_PATH)) return false;
    if (req.method === 'PUT') return this.handleClientUpload(url, req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD, PUT' });
      res.end();
      return true;
    }
    let cloudPath: string;
    try {
      cloudPath = url.pathname.slice(STORAGE_PATH.length).split('/').map(decodeURIComponent).join('/');
    } catch {
      cloudPath = '';
    }
    const file = this.diskPath(cloudPath);
    const stat = file ? await fs.promises.stat(file).catch(() => undefined) : undefined;
    if (!file || !stat?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('file not found');
      return true;
    }
    res.writeHead(200, { 'Content-Type': contentTypeOf(file), 'Content-Length': stat.size, 'Cache-Control': 'no-cache' });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((resolve) => {
      fs.createReadStream(file).on('error', () => resolve()).on('end', resolve).pipe(res);
    });
    return true;
  }

  /**
   * `PUT /__local/storage/avatars/<owner>/<name>` (body: the image): the H5 build's stand-in for
   * wx.cloud.uploadFile from the phone, answering `{ fileID }`. Only under `avatars/` and up to
   * 2 MB (what a storage security rule would allow a member); the server's same-origin check on
   * writes keeps other pages out.
   */
  private async handleClientUpload(url: URL, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    let cloudPath = '';
    try {
      cloudPath = url.pathname.slice(STORAGE_PATH.length).split('/').map(decodeURIComponent).join('/');
    } catch {
      cloudPath = '';
    }
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
      return true;
    };
    if (!/^avatars\/[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}\.(?:jpg|jpeg|png|webp|gif)$/.test(cloudPath)) return send(400, { code: 'INVALID_PARAM', message: 'only avatars/<owner>/<name>.<image ext>' });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > CLIENT_UPLOAD_MAX_BYTES) return send(413, { code: 'INVALID_PARAM', message: 'file too large' });
      chunks.push(chunk as Buffer);
    }
    if (size === 0) return send(400, { code: 'INVALID_PARAM', message: 'empty file' });
    const answer = await this.uploadFile({ cloudPath, fileContent: Buffer.concat(chunks) });
    return 'fileID' in answer ? send(200, answer) : send(400, answer);
  }

  private async tempUrl(item: unknown): Promise<Record<string, unknown>> {
    const fileID = typeof item === 'string' ? item : String((item as { fileID?: unknown })?.fileID ?? '');
    const maxAge = typeof item === 'object' && item ? Number((item as { maxAge?: unknown }).maxAge) : DEFAULT_MAX_AGE;
    const cloudPath = cloudPathOf(fileID);
    const file = cloudPath === undefined ? undefined : this.diskPath(cloudPath);
    const exists = file ? await fs.promises.stat(file).then((s) => s.isFile(), () => false) : false;
    if (!exists || cloudPath === undefined) return { code: 'STORAGE_FILE_NONEXIST', fileID, tempFileURL: '', maxAge };
    const encoded = cloudPath.split('/').map(encodeURIComponent).join('/');
    return { code: 'SUCCESS', fileID, tempFileURL: `${this.publicBaseUrl()}${STORAGE_PATH}${encoded}`, maxAge };
  }

  private diskPathOfFileId(fileID: string): string | undefined {
    const cloudPath = cloudPathOf(fileID);
    return cloudPath === undefined ? undefined : this.diskPath(cloudPath);
  }

  /** The file under storageDir, or undefined if the path is empty or would leave storageDir. */
  private diskPath(cloudPath: string): string | undefined {
    if (typeof cloudPath !== 'string' || cloudPath.replace(/\//g, '') === '') return undefined;
    const root = path.resolve(this.storageDir);
    const file = path.resolve(root, `./${cloudPath}`);
    return file.startsWith(root + path.sep) ? file : undefined;
  }
}

/** `cloud://<env>.<bucket>/<cloudPath>` → cloudPath (any env, so fileIDs from seeds work too). */
function cloudPathOf(fileID: string): string | undefined {
  const match = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileID);
  return match ? match[1] : undefined;
}

async function readContent(content: unknown): Promise<Buffer | undefined> {
  if (Buffer.isBuffer(content)) return content;
  if (content instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of content) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    return Buffer.concat(chunks);
  }
  return undefined;
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  return fs.promises.readFile(file).catch(() => undefined);
}

function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
