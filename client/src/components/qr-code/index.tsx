import { Image } from '@tarojs/components';
import { useMemo } from 'react';
import { qrMatrix } from './matrix';
import { qrDataUrl } from './png';
import './index.scss';

/** A QR code drawn on the phone from `text` (nothing leaves the device to draw it). */
export function QrCode({ text, id, className }: { text: string; id?: string; className?: string }) {
  const src = useMemo(() => qrDataUrl(qrMatrix(text)), [text]);
  return <Image id={id} className={`qr-code${className ? ` ${className}` : ''}`} src={src} mode='aspectFit' />;
}
