import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import * as backend from '../../lib/backend';
import { BackendError } from '../../lib/backend';
import { renderWith } from '../../test/render';
import { ClientForm } from './ClientForm';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

describe('client form', () => {
  it('saves code, name, notes and contacts', async () => {
    const user = userEvent.setup();
    api.createClient.mockResolvedValue({ id: 1, code: 'ACME', name: 'Acme', notes: null, contacts: [], language: null, createdAt: 0, updatedAt: 0 });
    const { nav } = renderWith(<ClientForm id={null} />);
    await user.type(screen.getByTestId('client-code'), 'acme');
    await user.type(screen.getByTestId('client-name'), 'Acme Logistics');
    await user.click(screen.getByTestId('contact-add'));
    await user.type(screen.getByTestId('contact-name-0'), 'Oleg');
    await user.type(screen.getByTestId('contact-email-0'), 'oleg@acme.example');
    await user.selectOptions(screen.getByTestId('client-language'), 'ru');
    await user.click(screen.getByTestId('client-save'));
    expect(api.createClient).toHaveBeenCalledWith({
      code: 'ACME',
      name: 'Acme Logistics',
      notes: null,
      contacts: [{ name: 'Oleg', email: 'oleg@acme.example', phone: null }],
      language: 'ru',
    });
    await waitFor(() => expect(nav.go).toHaveBeenCalledWith({ kind: 'clients' }));
  });

  it('shows a taken code under the code, and a bad email on its row', async () => {
    const user = userEvent.setup();
    api.createClient.mockRejectedValueOnce(new BackendError('conflict', 'code ACME is taken', 'code'));
    renderWith(<ClientForm id={null} />);
    await user.type(screen.getByTestId('client-code'), 'ACME');
    await user.type(screen.getByTestId('client-name'), 'Acme');
    await user.click(screen.getByTestId('client-save'));
    expect(await screen.findByTestId('field-error-code')).toHaveTextContent('taken');

    api.createClient.mockRejectedValueOnce(new BackendError('invalid_input', "'x@y' is not an email address", 'contact email'));
    await user.click(screen.getByTestId('contact-add'));
    await user.click(screen.getByTestId('contact-add'));
    await user.type(screen.getByTestId('contact-name-0'), 'Good');
    await user.type(screen.getByTestId('contact-email-0'), 'good@acme.example');
    await user.type(screen.getByTestId('contact-name-1'), 'Bad');
    await user.type(screen.getByTestId('contact-email-1'), 'x@y');
    await user.click(screen.getByTestId('client-save'));
    expect(await screen.findByTestId('field-error-contact-email-1')).toHaveTextContent('not an email address');
    expect(screen.getByTestId('contact-email-1')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByTestId('field-error-code')).not.toBeInTheDocument();
  });
});
