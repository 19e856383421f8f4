'use client';
import { type ReactNode, useState } from 'react';
import { Provider } from 'urql';
import { Toaster } from '../components/ui/toast.tsx';
import { createBoardClient } from '../lib/client/client.ts';

/** Client-side providers: the one urql client of this tab, and the toast region. */
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(() => createBoardClient());
  return (
    <Provider value={client}>
      {children}
      <Toaster />
    </Provider>
  );
}
