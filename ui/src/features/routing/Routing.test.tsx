import { describe, expect, it, vi, beforeEach } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as backend from '../../lib/backend';
import type { RuleDto } from '../../lib/backend';
import { renderWith } from '../../test/render';
import { blankRule, RoutingSettings } from './RoutingSettings';
import { RoutingPanel } from './RoutingPanel';
import { resetVendorDb } from '../../test/backendMock';
import { vendor } from '../vendors/fixtures';
import { say } from '../../lib/messages';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

const vpn: RuleDto = {
  id: 4,
  position: 1,
  rule: { ...blankRule(), name: 'VPN to L2', keywords: ['vpn'], line: 'l2' },
  summary: 'mentions vpn -> L2',
  summaryMsg: {
    id: 'routing-summary',
    args: {
      when: { id: 'routing-when-keyword', args: { keywords: 'vpn' } },
      does: { id: 'routing-does-line', args: { line: 'L2' } },
    },
  },
};
const rest: RuleDto = {
  id: 5,
  position: 2,
  rule: { ...blankRule(), name: 'Rest', line: 'l1' },
  summary: 'every ticket -> L1',
  summaryMsg: {
    id: 'routing-summary',
    args: { when: { id: 'routing-when-every-ticket', args: {} }, does: { id: 'routing-does-line', args: { line: 'L1' } } },
  },
};
const line = (l: string) => ({ id: 'routing-did-line', args: { line: l } });

describe('routing', () => {
  beforeEach(() => vi.clearAllMocks());

  it('lists the rules in order and moves one up', async () => {
    api.routingRules.mockResolvedValue([vpn, rest]);
    api.orderRules.mockResolvedValue([rest, vpn]);
    renderWith(<RoutingSettings />);
    expect(await screen.findByTestId('rule-4')).toHaveTextContent('mentions vpn -> L2');
    expect(say(vpn.summaryMsg, 'ru')).toBe('упоминает vpn -> L2');
    expect(say(rest.summaryMsg, 'ru')).toBe('любая заявка -> L1');
    await userEvent.click(screen.getByTestId('rule-up-5'));
    await waitFor(() => expect(api.orderRules).toHaveBeenCalledWith([5, 4]));
  });

  it('writes a rule from the form, and tries it on recent tickets first', async () => {
    api.routingRules.mockResolvedValue([rest]);
    api.dryRunRules.mockResolvedValue({
      changed: 1,
      rows: [
        {
          ticketId: 9,
          number: 'SB-000009',
          subject: 'VPN drops',
          current: 'Rest: line L1, unassigned',
          currentMsg: {
            id: 'routing-by-rule',
            args: { rule: 'Rest', did: { id: 'routing-list-comma', args: { head: line('L1'), tail: { id: 'routing-did-unassigned', args: {} } } } },
          },
          draft: 'Databases: line L3',
          draftMsg: { id: 'routing-by-rule', args: { rule: 'Databases', did: line('L3') } },
          changed: true,
        },
      ],
    });
    api.createRule.mockResolvedValue(vpn);
    renderWith(<RoutingSettings />);
    await userEvent.click(await screen.findByTestId('rule-new'));
    await userEvent.type(screen.getByTestId('rule-name'), 'Databases');
    await userEvent.click(await screen.findByTestId('rule-direction-database'));
    await userEvent.type(screen.getByTestId('rule-keywords'), 'replica, лаг');
    await userEvent.selectOptions(screen.getByTestId('rule-line'), 'l3');
    await userEvent.click(screen.getByTestId('rule-dry-run'));
    expect(await screen.findByTestId('rule-dry-run-result')).toHaveTextContent('1 of the last 1 tickets would be routed differently');
    expect(screen.getByTestId('rule-dry-run-result')).toHaveTextContent('Rest: line L1, unassigned → Databases: line L3');
    const draft = api.dryRunRules.mock.calls[0][0].rules;
    expect(draft.map((r) => r.rule.name)).toEqual(['Rest', 'Databases']);
    // The saved rule goes with its id, so its round-robin turn carries into the dry run.
    expect(draft.map((r) => r.id)).toEqual([5, null]);
    await userEvent.click(screen.getByTestId('rule-save'));
    await waitFor(() => expect(api.createRule).toHaveBeenCalled());
    expect(api.createRule.mock.calls[0][0]).toMatchObject({ name: 'Databases', directions: ['database'], keywords: ['replica', 'лаг'], line: 'l3' });
  });

  it('sends a blank keyword as typed and shows the refusal under the field', async () => {
    api.routingRules.mockResolvedValue([]);
    api.createRule.mockRejectedValue(new backend.BackendError('invalid_input', 'a keyword cannot be empty: write a word or phrase, or remove it', 'keywords'));
    renderWith(<RoutingSettings />);
    await userEvent.click(await screen.findByTestId('rule-new'));
    await userEvent.type(screen.getByTestId('rule-name'), 'Printers');
    await userEvent.type(screen.getByTestId('rule-keywords'), '   ');
    await userEvent.type(screen.getByTestId('rule-queue'), 'Printers');
    await userEvent.click(screen.getByTestId('rule-save'));
    expect(await screen.findByTestId('field-error-keywords')).toHaveTextContent('a keyword cannot be empty');
    expect(api.createRule.mock.calls[0][0].keywords).toEqual(['']);
    expect(screen.getByTestId('rule-keywords')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('rule-form')).toBeInTheDocument();
  });

  it('keeps a round-robin group in the order the people are given', async () => {
    api.routingRules.mockResolvedValue([]);
    api.listUsers.mockResolvedValue([
      { id: 1, name: 'Egor', role: 'engineer' },
      { id: 2, name: 'Anna', role: 'engineer' },
      { id: 3, name: 'Ivan', role: 'engineer' },
    ] as never);
    api.createRule.mockResolvedValue(vpn);
    renderWith(<RoutingSettings />);
    await userEvent.click(await screen.findByTestId('rule-new'));
    await userEvent.type(screen.getByTestId('rule-name'), 'Turns');
    await userEvent.selectOptions(screen.getByTestId('rule-assign'), 'round_robin');
    await waitFor(() => expect(screen.getByTestId('rule-people').querySelectorAll('option')).toHaveLength(4));
    await userEvent.selectOptions(screen.getByTestId('rule-people'), '3');
    await userEvent.selectOptions(screen.getByTestId('rule-people'), '2');
    await userEvent.selectOptions(screen.getByTestId('rule-people'), '1');
    expect(screen.getByTestId('rule-people-order')).toHaveTextContent(/Ivan.*Anna.*Egor/);
    // Egor up one: before Anna.
    await userEvent.click(within(screen.getByTestId('rule-person-1')).getByRole('button', { name: 'Move up' }));
    await userEvent.click(screen.getByTestId('rule-save'));
    await waitFor(() => expect(api.createRule).toHaveBeenCalled());
    expect(api.createRule.mock.calls[0][0]).toMatchObject({ assign: 'round_robin', assignUsers: [3, 1, 2] });
  });

  it('shows on the card which rule routed the ticket and why', async () => {
    api.ticketRouting.mockResolvedValue({
      queue: 'Network team',
      tags: ['vpn'],
      decision: {
        ruleId: 4,
        ruleName: 'VPN to L2',
        why: ['subject or description mentions "vpn"'],
        reasons: [{ id: 'routing-why-keyword', args: { keyword: 'vpn' } }],
        did: 'line L2, queue Network team',
        didMsg: { id: 'routing-list-comma', args: { head: line('L2'), tail: { id: 'routing-did-queue', args: { queue: 'Network team' } } } },
        actorName: 'Egor',
        at: 0,
      },
    });
    api.routeTicket.mockResolvedValue({ queue: null, tags: [], decision: null });
    renderWith(<RoutingPanel ticketId={7} />);
    expect(await screen.findByTestId('routing-decision')).toHaveTextContent('Routed by “VPN to L2”');
    expect(screen.getByTestId('routing-decision')).toHaveTextContent('mentions "vpn"');
    expect(screen.getByTestId('routing-decision')).toHaveTextContent('line L2, queue Network team');
    expect(screen.getByTestId('routing-queue')).toHaveTextContent('Network team');
    await userEvent.click(screen.getByTestId('route-now'));
    await waitFor(() => expect(api.routeTicket).toHaveBeenCalledWith(7));
  });

  it('escalates to a vendor as one of the actions, stored as vendorId', async () => {
    resetVendorDb([vendor({ id: 1, name: 'Acme Storage' }), vendor({ id: 2, name: 'NetCo', enabled: false })]);
    api.routingRules.mockResolvedValue([vpn]);
    api.updateRule.mockResolvedValue(vpn);
    const { queryClient } = renderWith(<RoutingSettings />);
    await userEvent.click(await screen.findByTestId('rule-edit-4'));
    const select = screen.getByTestId('rule-vendor');
    expect(select).toHaveValue('');
    await waitFor(() => expect(select.querySelectorAll('option')).toHaveLength(3));
    expect(screen.getByRole('option', { name: 'NetCo (disabled)' })).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Escalate to vendor' }), 'Acme Storage');
    const saved = { ...vpn, rule: { ...vpn.rule, vendorId: 1 } };
    api.routingRules.mockResolvedValue([saved]);
    await userEvent.click(screen.getByTestId('rule-save'));
    await waitFor(() => expect(api.updateRule).toHaveBeenCalled());
    expect(api.updateRule.mock.calls[0][0]).toBe(4);
    expect(api.updateRule.mock.calls[0][1]).toMatchObject({ name: 'VPN to L2', vendorId: 1 });

    // Back to none, once the saved rule is listed again.
    await waitFor(() => expect(queryClient.getQueryData(['routing', 'rules'])).toEqual([saved]));
    await userEvent.click(await screen.findByTestId('rule-edit-4'));
    expect(screen.getByTestId('rule-vendor')).toHaveValue('1');
    await userEvent.selectOptions(screen.getByTestId('rule-vendor'), '');
    await userEvent.click(screen.getByTestId('rule-save'));
    await waitFor(() => expect(api.updateRule).toHaveBeenCalledTimes(2));
    expect(api.updateRule.mock.calls[1][1].vendorId).toBeNull();
  });
});
