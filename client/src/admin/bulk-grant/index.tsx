import { Input, Text, View } from '@tarojs/components';
import type { BulkGrantStatus } from '@contract';
import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { messageOf } from '../../api';
import { MAX_MEMBERS, fetchFailuresCsv, parseMemberList, useBulkGrant } from '../../stores/bulk-grant';
import { formatPoints } from '../../utils/format';
import { JobList, useJobPage } from '../console/job-list';
import { JobProgress } from '../console/job-progress';
import { MemberListField } from '../console/member-list-field';
import { ConsoleShell } from '../console/shell';
import './index.scss';

const STATE_LABEL: Record<BulkGrantStatus['state'], string> = { uploading: '名单上传未完成', running: '发放中', done: '已完成' };

/** Grant the same points to a list of members: paste or load the list, start, watch it finish. */
export default function AdminBulkGrantPage() {
  const { jobs, listStatus, listError, current, running, runError, loadJobs, resume, select } = useBulkGrant();
  useJobPage(useBulkGrant, loadJobs);

  return (
    <ConsoleShell page='bulk-grant' title='批量发放积分'>
      <View className='bulk'>
        {current ? <Progress job={current} running={running} error={runError} onResume={() => void resume(current.jobId)} onClose={() => select(null)} /> : <NewGrantForm />}
        <JobList
          idPrefix='bulk'
          title='最近的批量发放'
          errorTitle='任务列表没有加载出来'
          emptyIcon='批'
          emptyText='还没有批量发放。'
          jobs={jobs}
          listStatus={listStatus}
          listError={listError}
          onRetry={() => void loadJobs()}
          onSelect={select}
          rowTitle={(job) => `${formatPoints(job.amount)} 积分 · ${job.reason}`}
          stateLabel={(job) => STATE_LABEL[job.state]}
          succeeded={(job) => job.granted}
        />
      </View>
    </ConsoleShell>
  );
}

function NewGrantForm() {
  const { start, resume, starting } = useBulkGrant();
  const [text, setText] = useState('');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const parsed = useMemo(() => parseMemberList(text), [text]);

  async function readFile(file: File | undefined) {
    if (!file) return;
    if (file.size > 2_000_000) return setError('文件过大，请只保留会员号一列');
    setText(await file.text());
    setError(null);
  }

  async function submit() {
    if (starting) return;
    const value = Number(amount);
    if (parsed.valid.length === 0) return setError('请填写至少一个 10 位会员号');
    if (parsed.valid.length > MAX_MEMBERS) return setError(`一次最多 ${formatPoints(MAX_MEMBERS)} 个会员，当前 ${formatPoints(parsed.valid.length)} 个`);
    if (!/^\d+$/.test(amount) || value < 1 || value > 10_000) return setError('每人积分须为 1 到 10,000 的整数');
    if (reason.trim().length < 2) return setError('请填写原因（至少 2 个字，会员可见）');
    setError(null);
    const { confirm } = await Taro.showModal({
      title: '确认批量发放',
      content: `向 ${formatPoints(parsed.valid.length)} 个会员每人发放 ${formatPoints(value)} 积分，共 ${formatPoints(value * parsed.valid.length)} 积分。原因：${reason.trim()}`,
      confirmText: '开始发放',
      cancelText: '取消',
    });
    if (!confirm) return;
    try {
      const status = await start(parsed.valid, value, reason.trim());
      setText('');
      setAmount('');
      setReason('');
      if (status.state === 'running') void resume(status.jobId);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  return (
    <View className='card bulk__form' id='bulk-form'>
      <MemberListField prefix='bulk' max={MAX_MEMBERS} text={text} onText={setText} parsed={parsed}>
        {process.env.TARO_ENV === 'h5' ? (
          <View className='bulk__file'>
            <Text className='bulk__hint'>或选择 .txt / .csv 文件（第一列为会员号）：</Text>
            <input id='bulk-file' type='file' accept='.txt,.csv,text/plain,text/csv' onChange={(e) => void readFile(e.currentTarget.files?.[0])} />
          </View>
        ) : null}
      </MemberListField>
      <Text className='bulk__label'>每人积分</Text>
      <Input className='bulk__input' id='bulk-amount' type='number' placeholder='1 到 10,000' value={amount} onInput={(e) => setAmount(e.detail.value)} />
      <Text className='bulk__label'>原因（会员在积分明细中可见）</Text>
      <Input className='bulk__input' id='bulk-reason' placeholder='例如 周年庆回馈' maxlength={100} value={reason} onInput={(e) => setReason(e.detail.value)} />
      {error ? <Text className='bulk__error'>{error}</Text> : null}
      <View className={`btn btn--primary${starting ? ' btn--disabled' : ''}`} id='bulk-start' hoverClass='btn--hover' onClick={() => void submit()}>
        <Text>{starting ? '正在上传名单…' : '开始发放'}</Text>
      </View>
    </View>
  );
}

function Progress({ job, running, error, onResume, onClose }: { job: BulkGrantStatus; running: boolean; error: string | null; onResume: () => void; onClose: () => void }) {
  const [downloading, setDownloading] = useState(false);
  const done = job.state === 'done';

  async function download() {
    if (downloading) return;
    setDownloading(true);
    try {
      const { csv, count } = await fetchFailuresCsv(job.jobId);
      await saveCsv(`批量发放失败明细-${job.jobId.slice(0, 8)}.csv`, csv, count);
    } catch {
      // Already toasted by the call.
    } finally {
      setDownloading(false);
    }
  }

  return (
    <JobProgress
      idPrefix='bulk'
      title={`每人 ${formatPoints(job.amount)} 积分 · ${job.reason}`}
      state={job.state}
      stateLabel={STATE_LABEL[job.state]}
      percent={job.percent}
      counts={`${job.percent}% · 已处理 ${formatPoints(job.done)}/${formatPoints(job.total)} · 成功 ${formatPoints(job.granted)} · 失败 ${formatPoints(job.failed)}`}
      running={running}
      error={error}
      canResume={job.state === 'running'}
      resumeLabel='继续发放'
      onResume={onResume}
    >
      {job.state === 'uploading' ? <Text className='bulk__hint'>名单只上传了 {job.partsReceived}/{job.parts} 部分，任务不会执行。请重新发起。</Text> : null}
      {done ? (
        <View className='bulk__summary' id='bulk-summary'>
          <Text className='bulk__hint'>
            已完成：{formatPoints(job.granted)} 人获得 {formatPoints(job.amount)} 积分，共 {formatPoints(job.granted * job.amount)} 积分
            {job.failed > 0 ? `；${formatPoints(job.failed)} 人未发放` : ''}。
          </Text>
          <View className='bulk__buttons'>
            <View className={`btn btn--ghost btn--small${downloading ? ' btn--disabled' : ''}`} id='bulk-failures' hoverClass='btn--hover' onClick={() => void download()}>
              <Text>{downloading ? '准备中…' : '下载失败明细'}</Text>
            </View>
            <View className='btn btn--primary btn--small' id='bulk-new' hoverClass='btn--hover' onClick={onClose}>
              <Text>新的批量发放</Text>
            </View>
          </View>
        </View>
      ) : job.state === 'uploading' ? (
        <View className='btn btn--primary btn--small' id='bulk-new' hoverClass='btn--hover' onClick={onClose}>
          <Text>新的批量发放</Text>
        </View>
      ) : null}
    </JobProgress>
  );
}

/** H5: a download of the file; the mini-program: a file in its user folder, and the text to copy. */
async function saveCsv(name: string, csv: string, count: number): Promise<void> {
  if (count === 0) {
    void Taro.showToast({ title: '没有失败的会员', icon: 'none' });
    return;
  }
  if (process.env.TARO_ENV === 'h5') {
    // A byte-order mark so that spreadsheet programs read the Chinese header as UTF-8.
    const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return;
  }
  const wxEnv = (globalThis as unknown as { wx?: { env?: { USER_DATA_PATH?: string } } }).wx?.env;
  if (wxEnv?.USER_DATA_PATH) {
    Taro.getFileSystemManager().writeFileSync(`${wxEnv.USER_DATA_PATH}/${name}`, `\ufeff${csv}`, 'utf8');
  }
  // openDocument does not open .csv, so the text is shown to copy.
  const { confirm } = await Taro.showModal({ title: `失败明细（${count} 条）`, content: csv.slice(0, 600), confirmText: '复制全部', cancelText: '关闭' });
  if (confirm) await Taro.setClipboardData({ data: csv });
}
