import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import * as backend from '../../lib/backend';
import { BackendError } from '../../lib/backend';
import type { ClientNoticesDto, NoticeKind } from '../../lib/backend';
import { renderWith } from '../../test/render';
import { ClientNotices, NOTICE_KINDS } from './ClientNotices';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

function setupAs(duties: string[]) {
  api.setupState.mockResolvedValue({
    profile: { id: 1, name: 'Lena', role: 'lead', duties },
  } as unknown as Awaited<ReturnType<typeof backend.setupState>>);
}

function notices(own: Partial<Record<NoticeKind, string>> = {}): ClientNoticesDto {
  return {
    clientId: 4,
    language: 'ru',
    acknowledge: false,
    remind: null,
    satisfaction: null,
    remindAfterDays: 2,
    closeAfterDays: null,
    applied: { language: 'ru', acknowledge: false, remind: true, satisfaction: true, remindAfterDays: 2, closeAfterDays: 4 },
    templates: (['en', 'ru'] as const).flatMap((language) =>
      NOTICE_KINDS.map((kind) => ({
        kind,
        language,
        subject: `${kind} ${language}`,
        body: own[kind] && language === 'ru' ? own[kind]! : `Default ${kind} in ${language} for {ticket}`,
        own: !!own[kind] && language === 'ru',
      })),
    ),
  };
}

describe("a client's notices", () => {
  it('shows what applies and saves the client’s own template in its language', async () => {
    setupAs(['sla_policies']);
    api.clientNotices.mockResolvedValue(notices());
    api.setNoticeTemplate.mockResolvedValue(notices({ reminder: 'Ждём ответа по {ticket}' }));
    const user = userEvent.setup();
    renderWith(<ClientNotices clientId={4} />);
    expect(await screen.findByTestId('client-notice-acknowledge')).toHaveValue('off');
    expect(screen.getByTestId('client-notice-remind')).toHaveValue('default');
    expect(screen.getByTestId('client-notice-remind-after')).toHaveValue('2');
    expect(screen.getByTestId('client-notice-close-after')).toHaveAttribute('placeholder', '4');
    // The client's language is picked first.
    expect(screen.getByTestId('template-language')).toHaveValue('ru');
    expect(screen.getByTestId('template-body')).toHaveValue('Default acknowledgement in ru for {ticket}');
    expect(screen.getByTestId('template-origin')).toHaveTextContent('workspace');

    await user.selectOptions(screen.getByTestId('template-kind'), 'reminder');
    expect(screen.getByTestId('template-subject')).toHaveValue('reminder ru');
    await user.clear(screen.getByTestId('template-body'));
    await user.type(screen.getByTestId('template-body'), 'Ждём ответа по {{ticket}');
    await user.click(screen.getByTestId('template-save'));
    await waitFor(() =>
      expect(api.setNoticeTemplate).toHaveBeenCalledWith({
        clientId: 4,
        kind: 'reminder',
        language: 'ru',
        subject: 'reminder ru',
        body: 'Ждём ответа по {ticket}',
      }),
    );
    expect(await screen.findByTestId('template-origin')).toHaveTextContent('own');
    expect(screen.getByTestId('template-reset')).toBeInTheDocument();
  });

  it('shows an unknown placeholder under the text', async () => {
    setupAs(['sla_policies']);
    api.clientNotices.mockResolvedValue(notices());
    api.setNoticeTemplate.mockRejectedValue(new BackendError('invalid_input', 'there is no placeholder {who}; use {ticket}, ...', 'body'));
    const user = userEvent.setup();
    renderWith(<ClientNotices clientId={4} />);
    await user.click(await screen.findByTestId('template-save'));
    expect(await screen.findByTestId('field-error-body')).toHaveTextContent('no placeholder {who}');
  });

  it('is read-only for an engineer', async () => {
    setupAs([]);
    api.clientNotices.mockResolvedValue(notices());
    renderWith(<ClientNotices clientId={4} />);
    expect(await screen.findByTestId('template-body')).toBeDisabled();
    expect(screen.queryByTestId('template-save')).toBeNull();
    expect(screen.getByTestId('client-notice-acknowledge')).toBeDisabled();
  });
});
