import { describe, expect, it, vi, beforeEach } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MonitoringSettings } from './MonitoringSettings';
import { AlertPanel } from './AlertPanel';
import * as backend from '../../lib/backend';
import { BackendError, type AlertSourceDto } from '../../lib/backend';
import { renderWith } from '../../test/render';
import { NEW_SOURCE } from './SourceForm';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

const saved: AlertSourceDto = {
  ...NEW_SOURCE,
  id: 3,
  name: 'Prod AM',
  baseUrl: 'http://am:9093',
  filter: ['customer=~"acme"'],
  lastPolledAt: Date.now() - 60_000,
  lastError: null,
  firing: 2,
  createdAt: 1,
  updatedAt: 1,
};

describe('settings: monitoring', () => {
  beforeEach(() => vi.clearAllMocks());

  it('adds a source with its filter and direction table', async () => {
    api.createAlertSource.mockResolvedValue(saved);
    renderWith(<MonitoringSettings />);
    await userEvent.click(await screen.findByTestId('monitoring-add'));
    await userEvent.type(screen.getByTestId('monitoring-name'), 'Prod AM');
    await userEvent.type(screen.getByTestId('monitoring-url'), 'http://am:9093');
    await userEvent.type(screen.getByTestId('monitoring-filter'), 'customer=~"acme"{enter}  {enter}severity!="info"');
    await userEvent.click(screen.getByTestId('monitoring-direction-add'));
    await userEvent.type(screen.getByTestId('monitoring-direction-value-0'), 'postgres');
    await waitFor(() => expect(screen.getByTestId('monitoring-direction-direction-0').querySelectorAll('option').length).toBe(4));
    await userEvent.selectOptions(screen.getByTestId('monitoring-direction-direction-0'), 'database');
    await userEvent.selectOptions(screen.getByTestId('monitoring-default-direction'), 'software');
    await userEvent.selectOptions(screen.getByTestId('monitoring-severity-urgency-0'), 'medium');
    await userEvent.clear(screen.getByTestId('monitoring-poll-seconds'));
    await userEvent.type(screen.getByTestId('monitoring-poll-seconds'), '30');
    await userEvent.click(screen.getByTestId('monitoring-save'));
    await waitFor(() => expect(api.createAlertSource).toHaveBeenCalledTimes(1));
    const input = api.createAlertSource.mock.calls[0][0];
    expect(input.name).toBe('Prod AM');
    expect(input.filter).toEqual(['customer=~"acme"', 'severity!="info"']);
    expect(input.mapping.directionMap).toEqual([{ value: 'postgres', direction: 'database' }]);
    expect(input.mapping.defaultDirection).toBe('software');
    expect(input.mapping.severityMap[0]).toEqual({ value: 'critical', impact: 'high', urgency: 'medium' });
    expect(input.pollSeconds).toBe(30);
    await waitFor(() => expect(screen.queryByTestId('monitoring-form')).toBeNull());
  });

  it('shows a refusal under its field, and what test connection found', async () => {
    api.testAlertSource.mockRejectedValueOnce(
      new BackendError('invalid_input', "'am:9093' is not a usable Alertmanager address", 'baseUrl'),
    );
    api.testAlertSource.mockResolvedValueOnce({ version: '0.25.0', startedAt: 1, alerts: 4 });
    renderWith(<MonitoringSettings />);
    await userEvent.click(await screen.findByTestId('monitoring-add'));
    await userEvent.type(screen.getByTestId('monitoring-url'), 'am:9093');
    await userEvent.click(screen.getByTestId('monitoring-test'));
    await waitFor(() => expect(screen.getByTestId('field-error-baseUrl').textContent).toContain('not a usable'));
    await userEvent.click(screen.getByTestId('monitoring-test'));
    await waitFor(() => expect(screen.getByTestId('monitoring-test-result').textContent).toContain('0.25.0'));
    expect(screen.getByTestId('monitoring-test-result').textContent).toContain('4');
  });

  it('lists sources with their last error, polls now, and lists unmatched alerts', async () => {
    api.listAlertSources.mockResolvedValue([{ ...saved, lastError: 'cannot reach Alertmanager at http://am:9093' }]);
    api.listUnmatchedAlerts.mockResolvedValue([
      { sourceId: 3, sourceName: 'Prod AM', fingerprint: 'abc123', labels: { customer: 'nobody' }, reason: 'no client with code NOBODY', lastSeen: Date.now() },
    ]);
    api.pollAlertSource.mockResolvedValue({
      sourceId: 3,
      sourceName: 'Prod AM',
      polledAt: Date.now(),
      opened: 1,
      repeated: 0,
      resolved: 0,
      reopened: 0,
      unmatched: 1,
      refused: 1,
      error: null,
    });
    renderWith(<MonitoringSettings />);
    expect((await screen.findByTestId('monitoring-error-3')).textContent).toContain('cannot reach');
    expect(screen.getByTestId('monitoring-firing-3').textContent).toContain('2');
    expect((await screen.findByTestId('monitoring-unmatched-reason')).textContent).toContain('NOBODY');
    await userEvent.click(screen.getByTestId('monitoring-poll-3'));
    expect(api.pollAlertSource).toHaveBeenCalledWith(3);
    await waitFor(() => expect(screen.getByTestId('monitoring-poll-result').textContent).toContain('1 opened'));
    expect(screen.getByTestId('monitoring-poll-result').textContent).toContain('1 refused by the workspace');
  });

  it('words the last poll error in the desk language; one kept before messages shows as written', async () => {
    api.listAlertSources.mockResolvedValue([
      { ...saved, lastError: 'cannot reach Alertmanager', lastErrorMsg: { id: 'alerts-unreachable', args: { url: 'http://am:9093', detail: 'connection refused' } } },
      { ...saved, id: 4, name: 'Old AM', lastError: 'cannot reach Alertmanager at http://am:9093', lastErrorMsg: null },
    ]);
    renderWith(<MonitoringSettings />, { language: 'ru' });
    expect(await screen.findByTestId('monitoring-error-3')).toHaveTextContent(/^не удаётся связаться с Alertmanager по адресу http:\/\/am:9093: connection refused/);
    expect(screen.getByTestId('monitoring-error-4')).toHaveTextContent('cannot reach Alertmanager at http://am:9093');
  });

  it('speaks Russian too', async () => {
    renderWith(<MonitoringSettings />, { language: 'ru' });
    expect((await screen.findByTestId('monitoring-add')).textContent).toContain('Добавить источник');
  });
});

describe('the alert on a monitoring ticket', () => {
  it('shows fingerprint, state and repeats', async () => {
    api.ticketAlert.mockResolvedValue({
      sourceId: 3,
      sourceName: 'Prod AM',
      fingerprint: 'abc123',
      state: 'resolved',
      repeatCount: 5,
      firstSeen: 1_700_000_000_000,
      lastSeen: 1_700_000_600_000,
      resolvedAt: 1_700_000_700_000,
    });
    renderWith(<AlertPanel ticketId={7} />);
    expect((await screen.findByTestId('monitoring-alert-fingerprint')).textContent).toBe('abc123');
    expect(screen.getByTestId('monitoring-alert-state').textContent).toBe('Resolved');
    expect(screen.getByTestId('monitoring-alert-repeats').textContent).toBe('5');
  });
});
