/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.scss';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    /** The platform Taro builds for; Taro replaces it at build time, so untaken branches vanish. */
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'rn' | 'harmony' | 'jdrn';
    /** The WeChat cloud environment id (client/.env*); empty → the default environment. */
    TARO_APP_CLOUD_ENV?: string;
    /** The mini-program appid for DevTools copies of project.config.json (optional). */
    TARO_APP_ID?: string;
  }
}

/** The encoder core of the `qrcode` package, without its Node and DOM renderers. */
declare module 'qrcode/lib/core/qrcode' {
  export interface QrSymbolModules {
    size: number;
    get(row: number, col: number): number | boolean;
  }
  export function create(
    data: string | { data: Uint8Array | string; mode: 'byte' | 'alphanumeric' | 'numeric' }[],
    options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H'; version?: number },
  ): { modules: QrSymbolModules; version: number };
}
