import type { PropsWithChildren } from 'react';
import './app.scss';

// The app shell: pages render as children. State lives in stores/, calls go through api/.
function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
