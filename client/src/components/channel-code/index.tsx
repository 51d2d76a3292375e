import { Image, Text, View } from '@tarojs/components';
import type { ChannelCodeResult } from '@contract';
import { h5InviteUrl } from '../../utils/invite-launch';
import { QrCode } from '../qr-code';
import './index.scss';

/**
 * A staff or store channel code to scan: on weapp the mini-program code from the server; in the
 * browser a QR code of the H5 address (a plain QR code cannot open a mini-program).
 */
export function ChannelCodeImage({ code, id }: { code: ChannelCodeResult; id: string }) {
  if (process.env.TARO_ENV === 'h5') {
    const url = h5InviteUrl(window.location, code.h5Path, code.code);
    return url ? <QrCode text={url} id={id} className='channel-code' /> : null;
  }
  if (code.wxacodeUrl) return <Image id={id} className='channel-code' src={code.wxacodeUrl} mode='aspectFit' showMenuByLongpress />;
  return (
    <View className='channel-code channel-code--missing' id={`${id}-missing`}>
      <Text>小程序码暂不可用，请下拉刷新重试</Text>
    </View>
  );
}
