import type { AuditExport, AuditRow, AuditTargetKind } from '@contract';
import Taro from '@tarojs/taro';
import { callFunction } from '../api';
import { createPagedList } from './paged-list';
import { createResource } from './resource';

// The console's audit log: a filtered, paged list, its filter choices, and the CSV export.

export interface AuditFilter {
  operator?: string;
  action?: string;
  targetKind?: AuditTargetKind;
  targetId?: string;
  /** Brand-zone days (YYYY-MM-DD), both included. */
  from?: string;
  to?: string;
}

/** The filter as the server takes it: empty fields left out. */
export function cleanFilter(filter: AuditFilter): AuditFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => typeof value === 'string' && value.trim() !== '').map(([key, value]) => [key, (value as string).trim()])) as AuditFilter;
}

export const useAuditLog = createPagedList<AuditRow, AuditFilter>({}, async (filter, cursor, silent) => {
  const page = await callFunction('admin', 'listAudit', { ...cleanFilter(filter), ...(cursor ? { cursor } : {}) }, { silent });
  return { items: page.items, nextCursor: page.nextCursor };
});

export const useAuditFilterOptions = createResource((silent) => callFunction('admin', 'auditFilterOptions', {}, { silent }));

/** Exports the filtered log and hands the file to the user; answers what the server made. */
export async function exportAuditLog(filter: AuditFilter): Promise<AuditExport> {
  const file = await callFunction('admin', 'exportAudit', cleanFilter(filter), { silent: true });
  await saveCsv(file);
  return file;
}

async function saveCsv(file: AuditExport): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    // The BOM is the string's first character; Blob writes it as UTF-8 (EF BB BF).
    const url = URL.createObjectURL(new Blob([file.csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file.filename;
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return;
  }
  // Mini-program: a file in the user data folder, then WeChat's share sheet (send it to a chat
  // or to 文件传输助手 and open it on a computer); openDocument cannot show CSV.
  const path = `${Taro.env.USER_DATA_PATH}/audit-${Date.now()}.csv`;
  Taro.getFileSystemManager().writeFileSync(path, file.csv, 'utf8');
  try {
    await Taro.shareFileMessage({ filePath: path, fileName: file.filename });
  } catch (error) {
    const message = String((error as { errMsg?: unknown })?.errMsg ?? '');
    if (/cancel/i.test(message)) return;
    await Taro.showModal({ title: '文件已生成', content: `请在电脑端 H5 运营后台导出，或稍后重试分享。(${message || '分享失败'})`, showCancel: false });
  }
}
