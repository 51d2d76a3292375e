import { Input, Text, View } from '@tarojs/components';
import type { CouponIssueStatus, CouponTemplateView } from '@contract';
import Taro, { useRouter } from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { messageOf } from '../../api';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { parseMemberList } from '../../stores/bulk-grant';
import { MAX_ISSUE_MEMBERS, useCouponIssue, useCouponTemplates } from '../../stores/coupons-admin';
import { formatMemberNo, formatPoints } from '../../utils/format';
import { JobList, useJobPage } from '../console/job-list';
import { JobProgress } from '../console/job-progress';
import { MemberListField } from '../console/member-list-field';
import { ConsoleShell } from '../console/shell';
import { remainingOf } from '../coupons/list-model';
import './index.scss';

// 批量发券: one template to a pasted list of member numbers. The server runs it as a job (each
// member once, however often it is resumed); this page drives it with runCouponIssue while it is
// open and picks a running batch up again when reopened.

const STATE_LABEL: Record<CouponIssueStatus['state'], string> = { running: '发放中', done: '已完成' };

export default function AdminCouponIssuePage() {
  const preselected = useRouter().params.templateId ?? null;
  const { jobs, listStatus, listError, current, running, runError, loadJobs, resume, select } = useCouponIssue();
  const loadTemplates = useCouponTemplates((state) => state.load);
  useJobPage(useCouponIssue, () => Promise.all([loadJobs(), loadTemplates()]), { signInFirst: true });

  return (
    <ConsoleShell page='coupon-issue' title='批量发券'>
      <View className='issue'>
        {current ? (
          <IssueProgress job={current} running={running} error={runError} onResume={() => void resume(current.jobId)} onClose={() => select(null)} />
        ) : (
          <NewIssueForm preselected={preselected} />
        )}
        <JobList
          idPrefix='issue'
          title='最近的批量发券'
          errorTitle='发券记录没有加载出来'
          emptyIcon='券'
          emptyText='还没有批量发券。选择一张券、粘贴会员号即可开始。'
          jobs={jobs}
          listStatus={listStatus}
          listError={listError}
          onRetry={() => void loadJobs()}
          onSelect={select}
          rowTitle={(job) => `${job.templateName} · ${job.reason}`}
          stateLabel={(job) => STATE_LABEL[job.state]}
          succeeded={(job) => job.issued}
        />
      </View>
    </ConsoleShell>
  );
}

function NewIssueForm({ preselected }: { preselected: string | null }) {
  const templates = useCouponTemplates((state) => state.data?.templates ?? null);
  const templatesStatus = useCouponTemplates((state) => state.status);
  const templatesError = useCouponTemplates((state) => state.error);
  const loadTemplates = useCouponTemplates((state) => state.load);
  const { start, resume, starting } = useCouponIssue();
  const [templateId, setTemplateId] = useState<string | null>(preselected);
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const parsed = useMemo(() => parseMemberList(text), [text]);

  if (!templates) {
    return templatesStatus === 'error' ? (
      <ErrorState id='issue-templates-error' title='优惠券没有加载出来' message={templatesError ?? ''} onRetry={() => void loadTemplates()} />
    ) : (
      <View className='list'>
        <ListSkeleton rows={2} id='issue-templates-loading' />
      </View>
    );
  }
  const usable = templates.filter((t) => t.state === 'active');
  const chosen = usable.find((t) => t.templateId === templateId) ?? null;
  if (usable.length === 0) {
    return (
      <View className='list'>
        <EmptyState
          id='issue-no-templates'
          icon='券'
          text='没有进行中的优惠券可以发放。请先新建一张，或恢复已暂停的券。'
          next={{ label: '去优惠券列表', id: 'issue-to-coupons', onClick: () => void Taro.redirectTo({ url: '/admin/coupons/index' }) }}
        />
      </View>
    );
  }

  async function submit() {
    if (starting) return;
    if (!chosen) return setError('请选择要发放的优惠券');
    if (parsed.valid.length === 0) return setError('请填写至少一个 10 位会员号');
    if (parsed.valid.length > MAX_ISSUE_MEMBERS) return setError(`一次最多 ${formatPoints(MAX_ISSUE_MEMBERS)} 个会员，当前 ${formatPoints(parsed.valid.length)} 个`);
    const why = reason.trim();
    if (Array.from(why).length < 2 || Array.from(why).length > 100) return setError('请填写发放原因（2 到 100 个字）');
    setError(null);
    const { confirm } = await Taro.showModal({
      title: '确认批量发券',
      content: `向 ${formatPoints(parsed.valid.length)} 个会员每人发放 1 张「${chosen.name}」。原因：${why}`,
      confirmText: '开始发放',
      cancelText: '取消',
    });
    if (!confirm) return;
    try {
      const status = await start(chosen.templateId, parsed.valid, why);
      setText('');
      setReason('');
      if (status.state === 'running') void resume(status.jobId);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  return (
    <View className='card issue__form' id='issue-form'>
      <Text className='issue__label'>发放哪张券</Text>
      <View className='issue__templates' id='issue-templates'>
        {usable.map((t) => (
          <TemplateChoice key={t.templateId} template={t} on={t.templateId === templateId} onClick={() => setTemplateId(t.templateId)} />
        ))}
      </View>
      <MemberListField prefix='issue' max={MAX_ISSUE_MEMBERS} text={text} onText={setText} parsed={parsed} />
      {chosen && parsed.valid.length > remainingOf(chosen) ? (
        <Text className='issue__warn' id='issue-stock-warning'>
          这张券只剩 {formatPoints(remainingOf(chosen))} 张，超出的会员会发放失败。可先在优惠券列表中追加库存。
        </Text>
      ) : null}
      <Text className='issue__label'>原因（记录在发券记录中）</Text>
      <Input className='issue__input' id='issue-reason' placeholder='例如 双十二老客回馈' maxlength={100} value={reason} onInput={(e) => setReason(e.detail.value)} />
      {error ? (
        <Text className='issue__error' id='issue-error'>
          {error}
        </Text>
      ) : null}
      <View className={`btn btn--primary${starting ? ' btn--disabled' : ''}`} id='issue-start' hoverClass='btn--hover' onClick={() => void submit()}>
        <Text>{starting ? '正在提交名单…' : '开始发放'}</Text>
      </View>
    </View>
  );
}

function TemplateChoice({ template: t, on, onClick }: { template: CouponTemplateView; on: boolean; onClick: () => void }) {
  return (
    <View className={`issue__template${on ? ' issue__template--on' : ''}`} id={`issue-template-${t.templateId}`} onClick={onClick}>
      <Text className='issue__template-name'>{t.name}</Text>
      <Text className='issue__template-sub'>
        {t.summary[0] ?? ''} · 剩余 {formatPoints(remainingOf(t))} 张
      </Text>
    </View>
  );
}

function IssueProgress({ job, running, error, onResume, onClose }: { job: CouponIssueStatus; running: boolean; error: string | null; onResume: () => void; onClose: () => void }) {
  const done = job.state === 'done';
  return (
    <JobProgress
      idPrefix='issue'
      title={`${job.templateName} · ${job.reason}`}
      state={job.state}
      stateLabel={STATE_LABEL[job.state]}
      percent={job.percent}
      counts={`${job.percent}% · 已处理 ${formatPoints(job.done)}/${formatPoints(job.total)} · 成功 ${formatPoints(job.issued)} · 失败 ${formatPoints(job.failed)}`}
      running={running}
      error={error}
      canResume={job.state === 'running'}
      resumeLabel='继续发放'
      onResume={onResume}
    >
      {job.failures.length > 0 ? (
        <View className='issue__failures' id='issue-failures'>
          <Text className='issue__label'>
            未发放的会员{job.failed > job.failures.length ? `（显示前 ${job.failures.length} 个，共 ${formatPoints(job.failed)} 个）` : ''}
          </Text>
          {job.failures.map((f) => (
            <View key={f.memberNo} className='issue__failure'>
              <Text className='issue__failure-no'>{formatMemberNo(f.memberNo)}</Text>
              <Text className='issue__failure-why'>{f.message}</Text>
            </View>
          ))}
        </View>
      ) : null}
      {done ? (
        <View className='issue__summary' id='issue-summary'>
          <Text className='issue__hint'>
            已完成：{formatPoints(job.issued)} 人各获得 1 张「{job.templateName}」{job.failed > 0 ? `；${formatPoints(job.failed)} 人未发放` : ''}。
          </Text>
          <View className='btn btn--primary btn--small' id='issue-new' hoverClass='btn--hover' onClick={onClose}>
            <Text>新的批量发券</Text>
          </View>
        </View>
      ) : null}
    </JobProgress>
  );
}
