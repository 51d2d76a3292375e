import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';

export interface CodeScannerProps {
  title: string;
  hint: string;
  /** The H5 fallback's placeholder (browser tests and local development paste the code). */
  placeholder: string;
  busy: boolean;
  busyText: string;
  /** Ids for browser tests: the H5 input, its submit button, the camera button. */
  inputId: string;
  submitId: string;
  cameraId: string;
  onCode: (code: string) => void;
}

/**
 * Scans a QR code with the camera (Taro.scanCode); in the H5 build, where there is no camera
 * scan, the code is pasted into a text field instead. Shared by the checkout and the gift-item
 * verification.
 */
export function CodeScanner({ title, hint, placeholder, busy, busyText, inputId, submitId, cameraId, onCode }: CodeScannerProps) {
  const [typed, setTyped] = useState('');

  async function scan() {
    if (busy) return;
    try {
      const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      onCode(result);
    } catch {
      // The cashier closed the camera: stay on this screen.
    }
  }

  function submit() {
    if (!busy && typed.trim()) onCode(typed);
  }

  return (
    <View>
      <Text className='staff__title'>{title}</Text>
      <Text className='staff__hint'>{hint}</Text>
      {process.env.TARO_ENV === 'h5' ? (
        <>
          <View className='staff__field'>
            <Input id={inputId} className='staff__input' placeholder={placeholder} value={typed} onInput={(event) => setTyped(event.detail.value)} onConfirm={submit} />
          </View>
          <View className='staff__actions'>
            <View id={submitId} className={`btn btn--primary btn--big${busy || !typed.trim() ? ' btn--disabled' : ''}`} hoverClass='btn--hover' onClick={submit}>
              <Text>{busy ? busyText : '确认'}</Text>
            </View>
          </View>
        </>
      ) : (
        <View className='staff__actions'>
          <View id={cameraId} className={`btn btn--primary btn--big${busy ? ' btn--disabled' : ''}`} hoverClass='btn--hover' onClick={() => void scan()}>
            <Text>{busy ? busyText : '扫码'}</Text>
          </View>
        </View>
      )}
    </View>
  );
}
