import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './app/App';
import './styles.css';
import { mark } from './lib/perf';

mark('sb:script');

const queryClient = new QueryClient({
  defaultOptions: {
    // A desktop app over a local database: no refetch on focus, one retry at most.
    queries: { refetchOnWindowFocus: false, retry: 1, staleTime: 10_000 },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
