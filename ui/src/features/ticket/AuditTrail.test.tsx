import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEntryDto } from '../../lib/backend';
import { renderWith } from '../../test/render';
import { AuditTrail } from './AuditTrail';

const line = (over: Partial<AuditEntryDto>): AuditEntryDto => ({
  id: 1,
  actorName: 'Switchboard',
  at: Date.now() - 60_000,
  field: 'resolution_note',
  oldValue: null,
  newValue: 'Duplicate of SB-000001: same outage',
  newValueMsg: null,
  version: 3,
  ...over,
});

describe('audit trail', () => {
  it('words a note the system wrote in the reader’s language, and shows a person’s as written', () => {
    const said = line({ newValueMsg: { id: 'merge-note', args: { ticket: 'SB-000001', note: 'same outage' } } });
    const written = line({ id: 2, actorName: 'Anna', newValue: 'Rebooted the switch', newValueMsg: null });
    renderWith(<AuditTrail audit={[said, written]} />, { language: 'ru' });
    expect(screen.getByText('“Дубликат заявки SB-000001: same outage”')).toBeInTheDocument();
    expect(screen.queryByText(/Duplicate of/)).toBeNull();
    expect(screen.getByText('“Rebooted the switch”')).toBeInTheDocument();
  });
});
