import { Button, Canvas, Image, Text, View } from '@tarojs/components';
import type { InvitePageResult, InviteSummary } from '@contract';
import Taro, { useLoad, useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { useState } from 'react';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/list-states';
import { useShownResource } from '../../components/use-shown-resource';
import { useMemberStore } from '../../stores/member';
import { recordShare, useInvitePage } from '../../stores/referral';
import { brand } from '../../theme';
import { formatPoints } from '../../utils/format';
import { h5InviteUrl } from '../../utils/invite-launch';
import { saveToAlbum } from './album';
import type { PosterContent } from './poster-draw';
import { downloadDataUrl, drawH5Poster } from './poster-h5';
import { drawWeappPoster } from './poster-weapp';
import './index.scss';

const IS_H5 = process.env.TARO_ENV === 'h5';
const CANVAS_ID = 'invite-poster-canvas';

/** 邀请有礼: the campaign's rules, what my invites have brought, a share card and a poster. */
export default function InvitePage() {
  const { data, status, error, load } = useShownResource(useInvitePage);

  useLoad((params: Record<string, string | undefined>) => {
    // 分享到朋友圈 opens this page with the sharer's code: the visitor belongs on 首页, where
    // the code is recorded before they register.
    if (params.inv) void Taro.reLaunch({ url: `/pages/index/index?inv=${encodeURIComponent(params.inv)}` });
  });

  useShareAppMessage(() => {
    const page = useInvitePage.getState().data;
    if (page?.sharePath) recordShare('card');
    return { title: page?.shareTitle || `${brand.name}邀请你加入会员`, path: page?.sharePath ? `/${page.sharePath.replace(/^\//, '')}` : '/pages/index/index' };
  });
  useShareTimeline(() => {
    const page = useInvitePage.getState().data;
    if (page?.code) recordShare('timeline');
    return { title: page?.shareTitle || `${brand.name}邀请你加入会员`, query: page?.code ? `inv=${page.code}` : '' };
  });

  if (!data) {
    return (
      <View className='page invite'>
        {status === 'error' ? (
          <ErrorState id='invite-error' title='邀请页没有加载出来' message={error ?? ''} onRetry={() => void load()} />
        ) : (
          <View className='list'>
            <ListSkeleton id='invite-loading' rows={4} />
          </View>
        )}
      </View>
    );
  }

  if (!data.campaign || !data.code) {
    return (
      <View className='page invite'>
        <EmptyState
          id='invite-none'
          icon='邀'
          title='暂时没有邀请活动'
          text='品牌上线新的邀请活动后，这里会告诉你怎么邀请好友、能得到什么。'
          next={{ id: 'invite-none-invites', label: '查看我的邀请', onClick: () => void Taro.navigateTo({ url: '/member/invites/index' }) }}
        />
      </View>
    );
  }

  return (
    <View className='page invite' id='invite-page'>
      <View className='invite__hero' id='invite-hero'>
        <Text className='invite__hero-title'>{data.poster.title || data.campaign.posterTitle}</Text>
        <Text className='invite__hero-text'>{data.poster.text || data.campaign.posterText}</Text>
        {data.koc ? <Text className='invite__koc' id='invite-koc'>KOC 专属活动</Text> : null}
      </View>

      <ShareActions data={data} />

      <Summary summary={data.summary} />

      <Text className='section-title'>活动规则</Text>
      <View className='card invite__rules' id='invite-rules'>
        {data.campaign.rulesText.map((line, index) => (
          <View key={index} className='invite__rule'>
            <Text className='invite__rule-no'>{index + 1}</Text>
            <Text className='invite__rule-text'>{line}</Text>
          </View>
        ))}
      </View>

      <View className='list invite__links'>
        <View className='row row--link' id='invite-open-list' hoverClass='row--hover' onClick={() => void Taro.navigateTo({ url: '/member/invites/index' })}>
          <Text className='row__title'>我的邀请明细</Text>
          <Text className='row__chevron'>›</Text>
        </View>
        <View className='row row--link' id='invite-open-koc' hoverClass='row--hover' onClick={() => void Taro.navigateTo({ url: '/member/koc/index' })}>
          <Text className='row__title'>邀请达人榜</Text>
          <Text className='row__chevron'>›</Text>
        </View>
      </View>
    </View>
  );
}

const STEPS = ['好友打开', '注册会员', '完成消费', '奖励到账'];

function Summary({ summary }: { summary: InviteSummary }) {
  const cells: { id: string; label: string; value: number }[] = [
    { id: 'opened', label: '已打开', value: summary.opened },
    { id: 'registered', label: '已注册', value: summary.registered },
    { id: 'qualified', label: '已消费', value: summary.qualified },
    { id: 'rewarded', label: '已到账', value: summary.rewarded },
    { id: 'pending', label: '待发放', value: summary.pending },
    { id: 'flagged', label: '审核中', value: summary.flagged },
  ];
  return (
    <View className='card invite__summary' id='invite-summary'>
      <View className='invite__earned'>
        <Text className='invite__earned-label'>邀请累计获得</Text>
        <Text className='invite__earned-value' id='invite-points-earned'>
          {formatPoints(summary.pointsEarned)}
          <Text className='invite__earned-unit'> 积分</Text>
        </Text>
      </View>
      <View className='invite__grid'>
        {cells.map((cell) => (
          <View key={cell.id} className='invite__cell' id={`invite-count-${cell.id}`}>
            <Text className='invite__cell-value'>{cell.value}</Text>
            <Text className='invite__cell-label'>{cell.label}</Text>
          </View>
        ))}
      </View>
      <View className='invite__steps'>
        {STEPS.map((step, index) => (
          <Text key={step} className='invite__step'>
            {index > 0 ? '→ ' : ''}
            {step}
          </Text>
        ))}
      </View>
    </View>
  );
}

function posterContent(data: InvitePageResult): PosterContent {
  return {
    brandName: useMemberStore.getState().me?.brand.name ?? brand.name,
    nickname: data.poster.nickname || '鹿角会员',
    title: data.poster.title,
    text: data.poster.text,
    codeCaption: IS_H5 ? '扫码加入会员' : '长按识别小程序码',
  };
}

function inviteUrl(data: InvitePageResult): string | null {
  if (!IS_H5) return null;
  return h5InviteUrl(window.location, data.poster.h5Path, data.code);
}

function ShareActions({ data }: { data: InvitePageResult }) {
  const [poster, setPoster] = useState<string | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function makePoster() {
    if (drawing) return;
    setDrawing(true);
    setFailed(null);
    try {
      const content = posterContent(data);
      const image = IS_H5
        ? await drawH5Poster(content, data.poster.avatarUrl, inviteUrl(data))
        : await drawWeappPoster(`#${CANVAS_ID}`, content, { avatarUrl: data.poster.avatarUrl, wxacodeUrl: data.poster.wxacodeUrl });
      setPoster(image);
    } catch {
      setFailed('海报没有生成出来，请重试');
    } finally {
      setDrawing(false);
    }
  }

  async function savePoster() {
    if (!poster || saving) return;
    if (IS_H5) {
      downloadDataUrl(poster, `invite-${data.code}.png`);
      recordShare('poster');
      return;
    }
    setSaving(true);
    try {
      const outcome = await saveToAlbum(poster);
      if (outcome === 'saved') {
        recordShare('poster');
        void Taro.showToast({ title: '已保存到相册', icon: 'success' });
      } else if (outcome === 'failed') {
        void Taro.showToast({ title: '保存失败，请重试', icon: 'none' });
      } else if (outcome === 'denied') {
        void Taro.showToast({ title: '未获得相册权限，海报未保存', icon: 'none' });
      }
    } finally {
      setSaving(false);
    }
  }

  function copyLink() {
    const url = inviteUrl(data);
    if (!url) return;
    void Taro.setClipboardData({ data: url }).then(() => recordShare('card'));
  }

  return (
    <>
      <View className='invite__actions'>
        {IS_H5 ? (
          <View className='btn btn--primary invite__action' id='invite-copy-link' hoverClass='btn--hover' onClick={copyLink}>
            <Text>复制邀请链接</Text>
          </View>
        ) : (
          <Button className='btn btn--primary invite__action invite__share' id='invite-share' openType='share'>
            分享给好友
          </Button>
        )}
        <View className={`btn btn--ghost invite__action${drawing ? ' btn--disabled' : ''}`} id='invite-make-poster' hoverClass='btn--hover' onClick={() => void makePoster()}>
          <Text>{drawing ? '正在生成…' : '生成海报'}</Text>
        </View>
      </View>
      {IS_H5 ? (
        <Text className='invite__link' id='invite-link'>
          {inviteUrl(data)}
        </Text>
      ) : null}
      {failed ? (
        <Text className='invite__failed' id='invite-poster-failed'>
          {failed}
        </Text>
      ) : null}

      {/* weapp: the canvas the poster is drawn on, outside the screen; the page shows the PNG. */}
      {!IS_H5 ? <Canvas type='2d' id={CANVAS_ID} className='invite__canvas' /> : null}

      {poster ? (
        <View className='invite__sheet' id='invite-poster-sheet' catchMove>
          <View className='invite__sheet-body'>
            <Image className='invite__poster' id='invite-poster-image' src={poster} mode='widthFix' showMenuByLongpress />
            <Text className='invite__sheet-hint'>{IS_H5 ? '长按图片保存，或点下方按钮下载' : '保存到相册后即可分享到朋友圈'}</Text>
            <View className='invite__sheet-actions'>
              <View className='btn btn--ghost btn--small' id='invite-poster-close' hoverClass='btn--hover' onClick={() => setPoster(null)}>
                <Text>关闭</Text>
              </View>
              <View className={`btn btn--primary btn--small${saving ? ' btn--disabled' : ''}`} id='invite-poster-save' hoverClass='btn--hover' onClick={() => void savePoster()}>
                <Text>{IS_H5 ? '下载海报' : saving ? '正在保存…' : '保存到相册'}</Text>
              </View>
            </View>
          </View>
        </View>
      ) : null}
    </>
  );
}
