import { Input, Picker, Text, View } from '@tarojs/components';
import type { AuditFilterOptions, AuditRow } from '@contract';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useState } from 'react';
import { messageOf } from '../../api';
import { redirectToDevLoginIfNeeded } from '../../api/identity';
import { EmptyState, ErrorState, ListFooter, ListSkeleton } from '../../components/list-states';
import { type AuditFilter, cleanFilter, exportAuditLog, useAuditFilterOptions, useAuditLog } from '../../stores/audit';
import { formatDateTime } from '../../utils/format';
import { ConsoleShell } from '../console/shell';
import { type Column, DataTable } from '../console/data-table';
import './index.scss';

const ANY = '全部';

/** A before/after value in one short line: {"points":50} → points: 50. */
function changeText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  const parts = Object.entries(value as Record<string, unknown>).map(([key, inner]) => `${key}: ${typeof inner === 'object' && inner !== null ? JSON.stringify(inner) : String(inner)}`);
  const text = parts.join('，');
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

const COLUMNS: Column<AuditRow>[] = [
  { key: 'at', title: '时间', primary: true, render: (row) => <Text>{formatDateTime(row.at)}</Text> },
  {
    key: 'actor',
    title: '操作人',
    render: (row) => (
      <Text>
        {row.actor.name || row.actor.openid}
        <Text className='audit__muted'> · {row.actor.roleLabel}</Text>
      </Text>
    ),
  },
  {
    key: 'action',
    title: '操作',
    primary: true,
    render: (row) => (
      <Text>
        {row.actionLabel}
        {row.read ? <Text className='audit__tag'>只读</Text> : null}
      </Text>
    ),
  },
  { key: 'target', title: '对象', render: (row) => <Text>{`${row.target.kindLabel} ${row.target.label || row.target.id}`}</Text> },
  {
    key: 'change',
    title: '变更',
    render: (row) =>
      row.before === null && row.after === null ? (
        <Text className='audit__muted'>—</Text>
      ) : (
        <View className='audit__change'>
          {row.before !== null ? <Text className='audit__before'>{changeText(row.before)}</Text> : null}
          {row.after !== null ? <Text className='audit__after'>→ {changeText(row.after)}</Text> : null}
        </View>
      ),
  },
  { key: 'reason', title: '原因', render: (row) => <Text>{row.reason || (row.storeName ? `门店：${row.storeName}` : '—')}</Text> },
];

/** The audit log: who changed what, filterable, newest first, exportable as CSV (owners, managers). */
export default function AdminAuditPage() {
  const items = useAuditLog((state) => state.items);
  const status = useAuditLog((state) => state.status);
  const error = useAuditLog((state) => state.error);
  const nextCursor = useAuditLog((state) => state.nextCursor);
  const loadingMore = useAuditLog((state) => state.loadingMore);
  const moreError = useAuditLog((state) => state.moreError);
  const applied = useAuditLog((state) => state.filter);
  const refresh = useAuditLog((state) => state.refresh);
  const loadMore = useAuditLog((state) => state.loadMore);
  const setFilter = useAuditLog((state) => state.setFilter);
  const options = useAuditFilterOptions((state) => state.data);
  const loadOptions = useAuditFilterOptions((state) => state.load);
  const [draft, setDraft] = useState<AuditFilter>({});
  const [exporting, setExporting] = useState(false);
  const [exportNote, setExportNote] = useState<string | null>(null);

  useDidShow(() => {
    if (redirectToDevLoginIfNeeded()) return;
    void loadOptions();
    void refresh();
  });
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());

  const filtered = Object.keys(cleanFilter(applied)).length > 0;

  async function runExport() {
    if (exporting) return;
    setExporting(true);
    setExportNote(null);
    try {
      const file = await exportAuditLog(applied);
      setExportNote(file.truncated ? `已导出最近 ${file.rows.toLocaleString('en-US')} 条，记录更多，请缩小日期范围后分批导出。` : `已导出 ${file.rows.toLocaleString('en-US')} 条记录。`);
    } catch (failure) {
      setExportNote(`导出失败：${messageOf(failure)}`);
    } finally {
      setExporting(false);
    }
  }

  const actions = options?.mayExport ? (
    <View className={`btn btn--ghost btn--small${exporting ? ' btn--disabled' : ''}`} id='audit-export' hoverClass='btn--hover' onClick={() => void runExport()}>
      <Text>{exporting ? '正在导出…' : '导出 CSV'}</Text>
    </View>
  ) : null;

  return (
    <ConsoleShell page='audit' title='审计日志' actions={actions}>
      <Filters options={options} draft={draft} setDraft={setDraft} onApply={() => void setFilter(cleanFilter(draft))} onClear={() => {
        setDraft({});
        void setFilter({});
      }} />
      {exportNote ? (
        <Text className='audit__note' id='audit-export-note'>
          {exportNote}
        </Text>
      ) : null}
      {status === 'error' && items.length === 0 ? (
        <ErrorState id='audit-error' title='审计日志没有加载出来' message={error ?? ''} onRetry={() => void refresh()} />
      ) : (status === 'loading' || status === 'idle') && items.length === 0 ? (
        <ListSkeleton rows={5} id='audit-loading' />
      ) : items.length === 0 ? (
        <EmptyState id='audit-empty' icon='录' text={filtered ? '没有符合筛选条件的记录，试试放宽条件。' : '还没有任何操作记录。'} />
      ) : (
        <>
          <DataTable id='audit-table' columns={COLUMNS} rows={items} rowId={(row) => row.id} />
          {nextCursor && !loadingMore && !moreError ? (
            <View className='btn btn--ghost btn--small audit__more' id='audit-more' hoverClass='btn--hover' onClick={() => void loadMore()}>
              <Text>加载更多</Text>
            </View>
          ) : (
            <ListFooter loadingMore={loadingMore} hasMore={!!nextCursor} error={moreError} onRetry={() => void loadMore()} />
          )}
        </>
      )}
    </ConsoleShell>
  );
}

function Filters({ options, draft, setDraft, onApply, onClear }: { options: AuditFilterOptions | null; draft: AuditFilter; setDraft: (f: AuditFilter) => void; onApply: () => void; onClear: () => void }) {
  const operators = options?.operators ?? [];
  const actions = options?.actions ?? [];
  const kinds = options?.targetKinds ?? [];
  const operatorNames = [ANY, ...operators.map((o) => `${o.name || o.openid}（${o.roleLabel}）`)];
  const actionNames = [ANY, ...actions.map((a) => a.label)];
  const kindNames = [ANY, ...kinds.map((k) => k.label)];
  const operatorIndex = draft.operator ? operators.findIndex((o) => o.openid === draft.operator) + 1 : 0;
  const actionIndex = draft.action ? actions.findIndex((a) => a.action === draft.action) + 1 : 0;
  const kindIndex = draft.targetKind ? kinds.findIndex((k) => k.kind === draft.targetKind) + 1 : 0;

  return (
    <View className='card audit__filters' id='audit-filters'>
      <View className='audit__filter'>
        <Text className='audit__label'>操作人</Text>
        <Picker mode='selector' range={operatorNames} value={Math.max(0, operatorIndex)} onChange={(e) => setDraft({ ...draft, operator: Number(e.detail.value) === 0 ? undefined : operators[Number(e.detail.value) - 1]?.openid })}>
          <View className='audit__picker' id='audit-filter-operator'>
            <Text>{operatorNames[Math.max(0, operatorIndex)] ?? ANY}</Text>
          </View>
        </Picker>
      </View>
      <View className='audit__filter'>
        <Text className='audit__label'>操作</Text>
        <Picker mode='selector' range={actionNames} value={Math.max(0, actionIndex)} onChange={(e) => setDraft({ ...draft, action: Number(e.detail.value) === 0 ? undefined : actions[Number(e.detail.value) - 1]?.action })}>
          <View className='audit__picker' id='audit-filter-action'>
            <Text>{actionNames[Math.max(0, actionIndex)] ?? ANY}</Text>
          </View>
        </Picker>
      </View>
      <View className='audit__filter'>
        <Text className='audit__label'>对象</Text>
        <Picker mode='selector' range={kindNames} value={Math.max(0, kindIndex)} onChange={(e) => setDraft({ ...draft, targetKind: Number(e.detail.value) === 0 ? undefined : kinds[Number(e.detail.value) - 1]?.kind })}>
          <View className='audit__picker' id='audit-filter-kind'>
            <Text>{kindNames[Math.max(0, kindIndex)] ?? ANY}</Text>
          </View>
        </Picker>
        <Input
          className='audit__input'
          id='audit-filter-target'
          placeholder={draft.targetKind === 'member' ? '会员号' : '对象编号'}
          value={draft.targetId ?? ''}
          maxlength={64}
          onInput={(e) => setDraft({ ...draft, targetId: e.detail.value })}
        />
      </View>
      <View className='audit__filter'>
        <Text className='audit__label'>日期</Text>
        <Picker mode='date' value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: String(e.detail.value) })}>
          <View className='audit__picker' id='audit-filter-from'>
            <Text className={draft.from ? '' : 'audit__muted'}>{draft.from || '开始日期'}</Text>
          </View>
        </Picker>
        <Text className='audit__muted audit__dash'>至</Text>
        <Picker mode='date' value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: String(e.detail.value) })}>
          <View className='audit__picker' id='audit-filter-to'>
            <Text className={draft.to ? '' : 'audit__muted'}>{draft.to || '结束日期'}</Text>
          </View>
        </Picker>
      </View>
      <View className='audit__filter-actions'>
        <View className='btn btn--primary btn--small' id='audit-apply' hoverClass='btn--hover' onClick={onApply}>
          <Text>查询</Text>
        </View>
        <View className='btn btn--ghost btn--small' id='audit-clear' hoverClass='btn--hover' onClick={onClear}>
          <Text>清除</Text>
        </View>
      </View>
    </View>
  );
}
