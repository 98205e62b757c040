import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as backend from '../../lib/backend';
import { BackendError } from '../../lib/backend';
import { renderWith } from '../../test/render';
import { bond, vendor } from './fixtures';
import { VendorsSettings } from './VendorsSettings';
import { resetVendorDb, vendorDb } from '../../test/backendMock';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

describe('settings: vendors', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    resetVendorDb();
  });

  it('renders the fields of the chosen kind and saves a vendor', async () => {
    const user = userEvent.setup();
    renderWith(<VendorsSettings canEdit />);
    await user.click(await screen.findByRole('button', { name: /Add vendor/ }));
    // The first kind's fields, with the hint as placeholder and the required mark.
    const address = await screen.findByLabelText('RT address');
    expect(address).toHaveAttribute('placeholder', 'https://rt.vendor.example');
    expect(address).toBeRequired();
    expect(screen.getByLabelText('Custom field for our reference')).not.toBeRequired();
    expect(screen.getByLabelText('Auth token')).toHaveAttribute('type', 'password');

    await user.type(address, 'https://rt.old.example');
    await user.selectOptions(screen.getByLabelText('Kind of system'), 'jira_service_management');
    expect(screen.queryByLabelText('Queue')).toBeNull();
    expect(screen.getByLabelText('Site URL')).toHaveValue('https://rt.old.example');
    await user.clear(screen.getByLabelText('Site URL'));
    await user.type(screen.getByLabelText('Site URL'), 'https://acme.atlassian.example');
    await user.type(screen.getByLabelText('Account email'), 'desk@ours.example');
    await user.type(screen.getByLabelText('Service project key'), 'SUP');
    await user.type(screen.getByLabelText('Request type id'), '25');
    await user.type(screen.getByLabelText('API token'), 's3cret');
    await user.type(screen.getByLabelText('Name'), 'Acme Storage');
    await user.click(screen.getByTestId('vendor-direction-database'));
    await user.click(screen.getByTestId('vendor-sla-add'));
    await user.type(screen.getByLabelText('Minutes to acknowledge'), '60');
    await user.type(screen.getByLabelText('Minutes to resolve'), '480');
    await user.click(screen.getByTestId('vendor-contact-add'));
    const contact = screen.getByTestId('vendor-contact-row-0');
    await user.type(within(contact).getByLabelText('Name'), 'Dmitry Volkov');
    await user.type(within(contact).getByLabelText('Email'), 'dv@acme.example');
    await user.clear(screen.getByLabelText('Requests per minute'));
    await user.type(screen.getByLabelText('Requests per minute'), '30');
    await user.click(screen.getByRole('button', { name: 'Save vendor' }));

    await waitFor(() => expect(api.createVendor).toHaveBeenCalledTimes(1));
    expect(api.createVendor.mock.calls[0][0]).toEqual({
      name: 'Acme Storage',
      kind: 'jira_service_management',
      settings: { base_url: 'https://acme.atlassian.example', email: 'desk@ours.example', project_key: 'SUP', request_type_id: '25' },
      directions: ['database'],
      sla: [{ direction: '*', acknowledgeMinutes: 60, resolveMinutes: 480 }],
      contacts: [{ name: 'Dmitry Volkov', email: 'dv@acme.example', phone: null }],
      perMinute: 30,
      enabled: true,
      secret: 's3cret',
    });
    await waitFor(() => expect(screen.queryByTestId('vendor-form')).toBeNull());
    const row = await screen.findByTestId('vendor-101');
    expect(row).toHaveTextContent('Acme Storage');
    expect(row).toHaveTextContent('Jira Service Management');
    expect(row).toHaveTextContent('0 open cases');
  });

  it('keeps the stored secret when left empty, and can forget it', async () => {
    const user = userEvent.setup();
    resetVendorDb([vendor()]);
    renderWith(<VendorsSettings canEdit />);
    await user.click(await screen.findByRole('button', { name: 'Edit Acme Storage' }));
    expect(screen.getByTestId('vendor-secret-state')).toHaveTextContent('Stored in the OS keychain');
    expect(screen.getByLabelText('RT address')).toHaveValue('https://rt.acme.example');
    await user.click(screen.getByRole('button', { name: 'Save vendor' }));
    await waitFor(() => expect(api.updateVendor).toHaveBeenCalledTimes(1));
    expect(api.updateVendor.mock.calls[0][0]).toBe(1);
    expect(api.updateVendor.mock.calls[0][1].secret).toBeNull();

    await user.click(await screen.findByRole('button', { name: 'Edit Acme Storage' }));
    await user.click(screen.getByRole('button', { name: /Forget the stored Auth token/ }));
    expect(screen.getByTestId('vendor-secret-state')).toHaveTextContent('removed from the OS keychain on save');
    await user.click(screen.getByRole('button', { name: 'Save vendor' }));
    await waitFor(() => expect(api.updateVendor).toHaveBeenCalledTimes(2));
    expect(api.updateVendor.mock.calls[1][1].secret).toBe('');
    expect(await screen.findByTestId('vendor-1')).toHaveTextContent('no secret in the keychain');
  });

  it('shows a refusal next to the form and keeps what was typed', async () => {
    const user = userEvent.setup();
    api.createVendor.mockRejectedValueOnce(new BackendError('invalid_input', 'Request Tracker 5: fill in Queue (queue), e.g. General', 'settings'));
    renderWith(<VendorsSettings canEdit />);
    await user.click(await screen.findByTestId('vendor-add'));
    await user.type(screen.getByLabelText('Name'), 'Acme');
    await user.type(await screen.findByLabelText('RT address'), 'https://rt.acme.example');
    await user.click(screen.getByTestId('vendor-save'));
    expect(await screen.findByTestId('field-error-settings')).toHaveTextContent('fill in Queue');
    expect(screen.getByLabelText('Name')).toHaveValue('Acme');
  });

  it('shows what test connection found, with the failure class', async () => {
    const user = userEvent.setup();
    resetVendorDb([vendor({ hasSecret: false, lastSyncError: 'RT answered 401' })]);
    renderWith(<VendorsSettings canEdit />);
    expect(await screen.findByTestId('vendor-error-1')).toHaveTextContent('RT answered 401');
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const result = await screen.findByTestId('vendor-test-result-1');
    expect(result).toHaveAttribute('data-class', 'bad_credentials');
    expect(result).toHaveTextContent('Failed: the credentials were refused');
    expect(result).toHaveTextContent('bad_credentials');
    expect(result).toHaveTextContent('the keychain has no secret');

    api.testVendor.mockResolvedValueOnce({
      ok: true,
      class: 'ok',
      message: 'signed in as switchboard',
      msg: { id: 'vendor-check-ok', args: { who: 'signed in as switchboard' } },
    });
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(screen.getByTestId('vendor-test-result-1')).toHaveTextContent('Connected. signed in as switchboard'));
  });

  it('disables a vendor that has cases instead of removing it', async () => {
    const user = userEvent.setup();
    resetVendorDb([vendor({ openCases: 1 })], [bond()]);
    renderWith(<VendorsSettings canEdit />);
    await user.click(await screen.findByTestId('vendor-edit-1'));
    await user.click(screen.getByTestId('vendor-remove'));
    await user.click(screen.getByTestId('vendor-remove-confirm'));
    expect(api.removeVendor).toHaveBeenCalledWith(1);
    expect(await screen.findByTestId('vendor-notice')).toHaveTextContent('Acme Storage has cases, so it was disabled');
    await waitFor(() => expect(screen.getByTestId('vendor-1')).toHaveTextContent('disabled'));
    expect(vendorDb.vendors).toHaveLength(1);
  });

  it('shows engineers the vendors without letting them change them', async () => {
    resetVendorDb([vendor()]);
    renderWith(<VendorsSettings canEdit={false} />);
    expect(await screen.findByTestId('vendor-1')).toHaveTextContent('Request Tracker 5');
    expect(screen.getByTestId('vendors-read-only')).toBeInTheDocument();
    expect(screen.queryByTestId('vendor-add')).toBeNull();
    expect(screen.queryByTestId('vendor-edit-1')).toBeNull();
    expect(screen.getByRole('button', { name: 'Test connection' })).toBeInTheDocument();
  });

  it('speaks Russian too', async () => {
    resetVendorDb([vendor({ openCases: 2 })]);
    renderWith(<VendorsSettings canEdit />, { language: 'ru' });
    expect(await screen.findByTestId('vendor-open-cases-1')).toHaveTextContent('2 открытых обращения');
    expect(screen.getByTestId('vendor-add')).toHaveTextContent('Добавить вендора');
  });
});
