// The root: language from the back end, the first run until there is a profile, then the desk.
import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { I18nContext, translator, useT } from '../lib/i18n';
import { setMessageLanguage } from '../lib/messages';
import { useSetupState, useStartupState } from '../lib/queries';
import { errorText } from '../lib/ui';
import { FirstRun } from '../features/setup/FirstRun';
import { StartupRecovery } from '../features/setup/StartupRecovery';
import { ChoosePassword, OwnerScreen } from '../features/setup/ChoosePassword';
import { Shell } from './Shell';
import { useAppliedTheme } from '../features/desk/theme';
import type { View } from './navigation';
import { queueQuery } from '../features/queue/QueueView';
import { DEFAULT_FILTERS } from '../features/queue/filters';

/** How long the start holds the desk back for its first rows before showing it without them. */
const FIRST_ROWS_WAIT_MS = 250;

export function App() {
  // This computer's theme, on every screen (start-up and first run too).
  useAppliedTheme();
  const startup = useStartupState();
  const ready = startup.data?.phase === 'ready';
  const qc = useQueryClient();
  // The queue is asked for as soon as the setup says who is signed in, and the desk's first
  // render waits for its rows (the store answers in a few milliseconds), so the window lays
  // out and paints the desk once, rows and all, never an empty desk first and its rows after
  // (make bench-window: start to the queue). A slow database delays the desk by
  // FIRST_ROWS_WAIT_MS at most: the queue then shows its rows when they come.
  const setup = useSetupState(ready, (s) => {
    if (!s.profile || s.team?.mustChangePassword) return;
    const queue = queueQuery(DEFAULT_FILTERS, s.profile.id);
    const shown = qc.getQueryData(queue.queryKey) !== undefined;
    const rows = qc.prefetchInfiniteQuery(queue);
    // The setup asked again later (a new name, another language): the desk is up, hold nothing.
    if (shown) return;
    return Promise.race([rows, new Promise((settle) => window.setTimeout(settle, FIRST_ROWS_WAIT_MS))]);
  });
  const language = setup.data?.language ?? 'en';
  const i18n = useMemo(() => {
    setMessageLanguage(language);
    return { language, t: translator(language) };
  }, [language]);
  // Set while the first run goes on to its second step (profile made, no clients yet).
  const [onboarding, setOnboarding] = useState(false);
  const [startView, setStartView] = useState<View>({ kind: 'queue' });

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  let body;
  if (startup.isError) {
    body = <StartFailed error={startup.error} onRetry={() => void startup.refetch()} />;
  } else if (startup.data?.phase === 'failed') {
    body = <StartupRecovery state={startup.data} />;
  } else if (setup.isPending) {
    body = <Splash />;
  } else if (setup.isError) {
    body = <StartFailed error={setup.error} onRetry={() => void setup.refetch()} />;
  } else if (setup.data.team?.mustChangePassword) {
    body = <ChoosePassword login={setup.data.team.login} />;
  } else if (setup.data.team && setup.data.profile === null) {
    body = <OwnerScreen login={setup.data.team.login} />;
  } else if (setup.data.profile === null || onboarding) {
    body = (
      <FirstRun
        setup={setup.data}
        onProfileCreated={(hasClients) => setOnboarding(!hasClients)}
        onDone={(view) => {
          setStartView(view);
          setOnboarding(false);
        }}
      />
    );
  } else {
    body = <Shell setup={setup.data} startView={startView} />;
  }
  return <I18nContext.Provider value={i18n}>{body}</I18nContext.Provider>;
}

function Splash() {
  const t = useT();
  return (
    <div className="splash" aria-busy="true">
      <div className="brand-mark" aria-hidden="true">
        SB
      </div>
      <p>{t('app.loading')}</p>
    </div>
  );
}

function StartFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const t = useT();
  return (
    <div className="splash">
      <h1>{t('app.failed')}</h1>
      <p className="form-error" data-testid="form-error">
        {errorText(t, error)}
      </p>
      <button type="button" className="btn btn-primary" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </div>
  );
}
