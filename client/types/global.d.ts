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
